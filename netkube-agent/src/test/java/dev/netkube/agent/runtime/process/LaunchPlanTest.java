package dev.netkube.agent.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.agent.runtime.ContainerSpec;
import dev.netkube.agent.runtime.EnvVar;
import dev.netkube.agent.runtime.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaunchPlanTest {
  private static ContainerSpec spec(Optional<Path> netns, List<Mount> mounts) {
    return ContainerSpec.of("c1", List.of("nginx", "-g", "daemon off;"), List.of(new EnvVar("PATH", "/usr/bin"), new EnvVar("Q", "it's")),
        "/", netns, Optional.of("web-0"), mounts, Path.of("/var/lib/netkube/containers/c1"), Path.of("/var/log/pods/x/0.log"));
  }

  @Test
  void joinsThePodNetnsOnlyWhenThereIsOne() {
    List<String> pod = LaunchPlan.command(spec(Optional.of(Path.of("/run/netns/p1")), List.of()), Optional.empty());
    assertThat(pod.subList(0, 6)).containsExactly("/usr/bin/setpriv", "--pdeathsig", "KILL", "/usr/bin/nsenter", "--net=/run/netns/p1", "--");
    // After the script: the number of variables, the variables, argv.
    assertThat(pod.subList(pod.size() - 6, pod.size())).containsExactly("2", "PATH=/usr/bin", "Q=it's", "nginx", "-g", "daemon off;");
    List<String> host = LaunchPlan.command(spec(Optional.empty(), List.of()), Optional.empty());
    assertThat(host).doesNotContain("/usr/bin/nsenter").contains("/usr/bin/unshare", "--mount", "--uts", "--pid");
  }

  @Test
  void mountsGoParentsFirstAndEverythingIsQuoted() {
    String script = LaunchPlan.setupScript(spec(Optional.empty(), List.of(
        Mount.readOnly(Path.of("/p/token"), "/data/it's here/token"), Mount.readWrite(Path.of("/p/vol"), "/data"))), Optional.empty());
    assertThat(script.indexOf("bind '/p/vol' '/data' rw")).isPositive()
        .isLessThan(script.indexOf("bind '/p/token' '/data/it'\\''s here/token' ro"));
    assertThat(script).doesNotContain("Q=it").contains("'web-0'");
  }

  @Test
  void execEntersTheContainersNamespacesWithItsEnvironment() {
    assertThat(LaunchPlan.execCommand(4242, List.of(new EnvVar("A", "1")), List.of("cat", "/etc/hosts"), Optional.empty()))
        .containsExactly("/usr/bin/setpriv", "--pdeathsig", "KILL", "/usr/bin/nsenter", "-t", "4242", "--mount", "--uts", "--net",
            "--pid", "--wd", "--", "/usr/bin/env", "-i", "--", "A=1", "cat", "/etc/hosts");
  }

  @Test
  void shellQuoting() {
    assertThat(Shell.quote("a b'c$d")).isEqualTo("'a b'\\''c$d'");
  }
}
