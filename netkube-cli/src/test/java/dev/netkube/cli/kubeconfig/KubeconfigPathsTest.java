package dev.netkube.cli.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KubeconfigPathsTest {
  final Path home = Path.of("/home/u");

  @Test
  void withoutKubeconfigTheGlobalFileIsReadAndWritten() {
    KubeconfigPaths paths = KubeconfigPaths.of(Optional.empty(), "", home);
    assertThat(paths.precedence()).containsExactly(Path.of("/home/u/.kube/config"));
    assertThat(paths.defaultFile(p -> false)).isEqualTo(Path.of("/home/u/.kube/config"));
  }

  @Test
  void kubeconfigIsSplitOnColonsDroppingEmptyItemsAndDuplicates() {
    KubeconfigPaths paths = KubeconfigPaths.of(Optional.empty(), "/a::/b:/a:", home);
    assertThat(paths.precedence()).containsExactly(Path.of("/a"), Path.of("/b"));
  }

  @Test
  void aSingleKubeconfigFileIsTheDefaultEvenWhenAbsent() {
    KubeconfigPaths paths = KubeconfigPaths.of(Optional.empty(), "/a", home);
    assertThat(paths.defaultFile(p -> false)).isEqualTo(Path.of("/a"));
  }

  @Test
  void ofSeveralTheFirstExistingOneIsTheDefaultElseTheLast() {
    KubeconfigPaths paths = KubeconfigPaths.of(Optional.empty(), "/a:/b:/c", home);
    assertThat(paths.defaultFile(Set.of(Path.of("/b"), Path.of("/c"))::contains)).isEqualTo(Path.of("/b"));
    assertThat(paths.defaultFile(p -> false)).isEqualTo(Path.of("/c"));
  }

  @Test
  void anExplicitFileIsAllThatIsReadAndWritten() {
    KubeconfigPaths paths = KubeconfigPaths.of(Optional.of(Path.of("/x")), "/a:/b", home);
    assertThat(paths.precedence()).containsExactly(Path.of("/x"));
    assertThat(paths.defaultFile(p -> true)).isEqualTo(Path.of("/x"));
  }
}
