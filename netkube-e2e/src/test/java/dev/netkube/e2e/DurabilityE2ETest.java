package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `kill -9` of the server right after acknowledged writes loses none of them. */
class DurabilityE2ETest {
  private Path home;

  @BeforeEach
  void home() throws Exception {
    home = Files.createTempDirectory("netkube-crash-");
  }

  @AfterEach
  void clean() throws Exception {
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    List<String> acknowledged = new ArrayList<>();
    try (ServerProcess server = new ServerProcess(home, List.of())) {
      server.start();
      Kubectl kubectl = server.kubectl();
      StringBuilder docs = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        docs.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-").append(i).append("\ndata:\n  n: \"")
            .append(i).append("\"\n");
      }
      String out = kubectl.runWithInput(docs.toString(), "create", "-f", "-").ok().out();
      out.lines().forEach(l -> acknowledged.add(l.replace(" created", "")));
      server.kill();
      server.start();
      String listed = server.kubectl().run("get", "configmaps", "-o", "name").ok().out();
      assertThat(acknowledged).hasSize(40);
      assertThat(listed.lines().toList()).containsAll(acknowledged);
    }
  }
}
