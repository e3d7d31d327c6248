package dev.netkube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The repository's bash scripts parse (bash -n); surefire runs in the module folder. */
class ScriptsTest {
  @ParameterizedTest
  @ValueSource(strings = {"netkube", "test", ".ci/run", "scripts/lib.sh"})
  void parses(String script) throws Exception {
    Path file = Path.of("..").resolve(script).toAbsolutePath().normalize();
    assertThat(file).exists();
    Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes());
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(output).isZero();
    if (!script.endsWith(".sh")) assertThat(Files.isExecutable(file)).as(script + " is executable").isTrue();
  }
}
