package dev.netkube.cli.process;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The view of the machine's processes that the pid-file logic needs (faked in tests). */
public interface ProcessTable {

  /** The command line of a live process; empty when no such process exists (or it is a zombie). */
  Optional<List<String>> commandLine(long pid);

  /** When the process started, if known. */
  Optional<Instant> startTime(long pid);
}
