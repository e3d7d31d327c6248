package dev.netkube.cli.process;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the pid file says about the server, checked against the live processes. */
public sealed interface ServerProcess {

  /** No pid file: nothing was started (or it was stopped cleanly). */
  record Absent() implements ServerProcess {}

  /** A pid file whose process is gone or is not a netkube server (its pid was reused). */
  record Stale(String pidFileContent, String reason) implements ServerProcess {}

  /** A netkube server process with the pid of the pid file. */
  record Running(long pid, Optional<Instant> startedAt) implements ServerProcess {}

  /** The main class every netkube process runs; a server also has the argument {@code server}. */
  String MAIN_CLASS = "dev.netkube.cli.Main";

  /** Classifies a pid file's content (empty when the file is absent). Pure: no I/O but the table. */
  static ServerProcess classify(Optional<String> pidFileContent, ProcessTable processes) {
    if (pidFileContent.isEmpty()) return new Absent();
    String content = pidFileContent.get().trim();
    long pid;
    try {
      pid = Long.parseLong(content);
    } catch (NumberFormatException e) {
      return new Stale(content, "the pid file does not hold a process id");
    }
    if (pid <= 0) return new Stale(content, "the pid file does not hold a process id");
    Optional<List<String>> commandLine = processes.commandLine(pid);
    if (commandLine.isEmpty()) return new Stale(content, "process " + pid + " is not running");
    if (!isNetkubeServer(commandLine.get())) {
      return new Stale(content, "process " + pid + " is not a netkube server (its pid was reused)");
    }
    return new Running(pid, processes.startTime(pid));
  }

  /** A java command line running netkube's Main with the {@code server} subcommand. */
  static boolean isNetkubeServer(List<String> commandLine) {
    int main = commandLine.indexOf(MAIN_CLASS);
    return main >= 0 && commandLine.subList(main + 1, commandLine.size()).contains("server");
  }
}
