package dev.netkube.cli.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The server's pid file: one decimal pid and a newline. */
public final class PidFile {
  private final Path file;

  public PidFile(Path file) {
    this.file = file;
  }

  public Path path() { return file; }

  public Optional<String> read() throws IOException {
    return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
  }

  public void write(long pid) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, pid + "\n");
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the file only while it still names this pid (a newer server may own it now). */
  public void removeIfOwnedBy(long pid) throws IOException {
    Optional<String> content = read();
    if (content.isPresent() && content.get().trim().equals(Long.toString(pid))) Files.deleteIfExists(file);
  }

  public void remove() throws IOException {
    Files.deleteIfExists(file);
  }

  /** The state of the server this file names. */
  public ServerProcess check(ProcessTable processes) throws IOException {
    return ServerProcess.classify(read(), processes);
  }
}
