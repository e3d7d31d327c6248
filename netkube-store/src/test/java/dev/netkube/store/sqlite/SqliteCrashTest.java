package dev.netkube.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.store.KeyValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives SIGKILL of the writing process. */
class SqliteCrashTest {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
    Path db = dir.resolve("state.db");
    for (int round = 0; round < 3; round++) {
      Map<String, Long> acknowledged = runAndKill(db, "r" + round, 150 + 50 * round);
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(150);
      try (SqliteStore store = SqliteStore.open(db)) {
        long highest = 0;
        for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
          KeyValue kv = store.get(ack.getKey()).orElseThrow(
              () -> new AssertionError("acknowledged write lost: " + ack.getKey()));
          assertThat(kv.modRevision()).as(ack.getKey()).isEqualTo(ack.getValue());
          highest = Math.max(highest, ack.getValue());
        }
        assertThat(store.currentRevision()).isGreaterThanOrEqualTo(highest);
        // The reopened store keeps counting from where the killed one stopped.
        assertThat(store.create("/registry/after/" + round, new byte[] {1}).modRevision()).isGreaterThan(highest);
      }
    }
  }

  /** Starts a CrashWriter, SIGKILLs it after {@code acks} acknowledgements, returns every ack it printed. */
  private static Map<String, Long> runAndKill(Path db, String round, int acks) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashWriter.class.getName(), db.toString(), round)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Map<String, Long> acknowledged = new LinkedHashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        String[] parts = line.split(" ");
        acknowledged.put(parts[1], Long.parseLong(parts[2]));
        if (acknowledged.size() == acks) {
          // SIGKILL on Linux, mid-stream; through the handle so that Process keeps its stdout
          // open and the acks already in the pipe can still be read.
          child.toHandle().destroyForcibly();
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    return acknowledged;
  }
}
