package dev.netkube.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {
  static final List<String> SERVER = List.of("/usr/bin/java", "-XX:+UseSerialGC", "-cp", "a.jar:lib/*",
      "dev.netkube.cli.Main", "server", "--store", "sqlite");
  static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

  /** A fake process table: pid → command line. */
  record Table(Map<Long, List<String>> processes) implements ProcessTable {
    @Override
    public Optional<List<String>> commandLine(long pid) {
      return Optional.ofNullable(processes.get(pid));
    }

    @Override
    public Optional<Instant> startTime(long pid) {
      return processes.containsKey(pid) ? Optional.of(STARTED) : Optional.empty();
    }
  }

  @Test
  void noPidFileMeansNothingRuns() {
    assertThat(ServerProcess.classify(Optional.empty(), new Table(Map.of()))).isEqualTo(new ServerProcess.Absent());
  }

  @Test
  void aLiveNetkubeServerIsRunning() {
    ServerProcess state = ServerProcess.classify(Optional.of("4242\n"), new Table(Map.of(4242L, SERVER)));
    assertThat(state).isEqualTo(new ServerProcess.Running(4242, Optional.of(STARTED)));
  }

  @Test
  void aPidWhoseProcessIsGoneIsStale() {
    ServerProcess state = ServerProcess.classify(Optional.of("4242"), new Table(Map.of()));
    assertThat(state).isEqualTo(new ServerProcess.Stale("4242", "process 4242 is not running"));
  }

  @Test
  void aPidReusedByAnotherProcessIsStale() {
    ServerProcess state = ServerProcess.classify(Optional.of("4242"),
        new Table(Map.of(4242L, List.of("/usr/sbin/sshd", "-D"))));
    assertThat(state).isEqualTo(new ServerProcess.Stale("4242", "process 4242 is not a netkube server (its pid was reused)"));
  }

  @Test
  void aNetkubeClientCommandIsNotTheServer() {
    List<String> up = List.of("java", "-cp", "x", "dev.netkube.cli.Main", "up", "--store", "sqlite");
    assertThat(ServerProcess.classify(Optional.of("7"), new Table(Map.of(7L, up))))
        .isInstanceOf(ServerProcess.Stale.class);
    assertThat(ServerProcess.isNetkubeServer(List.of("java", "server", "-cp", "x", "dev.netkube.cli.Main", "status"))).isFalse();
  }

  @Test
  void garbageInThePidFileIsStale() {
    assertThat(ServerProcess.classify(Optional.of("not a pid"), new Table(Map.of())))
        .isEqualTo(new ServerProcess.Stale("not a pid", "the pid file does not hold a process id"));
    assertThat(ServerProcess.classify(Optional.of(""), new Table(Map.of())))
        .isInstanceOf(ServerProcess.Stale.class);
  }

  @Test
  void thePidFileIsRemovedOnlyByItsOwner(@TempDir Path dir) throws IOException {
    PidFile pidFile = new PidFile(dir.resolve("server.pid"));
    pidFile.write(100);
    assertThat(Files.readString(pidFile.path())).isEqualTo("100\n");

    pidFile.removeIfOwnedBy(200);
    assertThat(pidFile.path()).exists();
    pidFile.removeIfOwnedBy(100);
    assertThat(pidFile.path()).doesNotExist();
  }

  @Test
  void theRealProcessTableSeesThisJvmAndNotADeadPid() throws Exception {
    LinuxProcessTable table = new LinuxProcessTable();
    assertThat(table.commandLine(ProcessHandle.current().pid())).get().asList().isNotEmpty();
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    assertThat(table.commandLine(done.pid())).isEmpty();
  }
}
