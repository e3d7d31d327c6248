package dev.netkube.cli.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Processes as /proc shows them. */
public final class LinuxProcessTable implements ProcessTable {

  @Override
  public Optional<List<String>> commandLine(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (handle.isEmpty()) return Optional.empty();
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      if (raw.length == 0) return Optional.empty(); // a zombie: exited, not yet reaped
      String text = new String(raw, StandardCharsets.UTF_8);
      return Optional.of(Arrays.asList(text.split("\0")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Instant> startTime(long pid) {
    return ProcessHandle.of(pid).flatMap(handle -> handle.info().startInstant());
  }
}
