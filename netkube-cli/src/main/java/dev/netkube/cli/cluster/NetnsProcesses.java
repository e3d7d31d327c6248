package dev.netkube.cli.cluster;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The processes inside network namespaces, found as {@code ip netns pids} finds them (a process's
 * /proc/PID/ns/net is the namespace's inode), and ended: a namespace lives on, with its links,
 * as long as one process is in it, even once its name is deleted.
 */
public final class NetnsProcesses {
  public static final Path NETNS_DIR = Path.of("/run/netns");

  private NetnsProcesses() {}

  /** The names in /run/netns (every namespace {@code ip netns} knows). */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(NETNS_DIR)) {
      for (Path p : dir) names.add(p.getFileName().toString());
    } catch (IOException e) {
      // no /run/netns: no namespaces yet
    }
    return names;
  }

  /** The pids of processes in any of these namespaces (not this process). */
  public static List<Long> in(Collection<String> netnsNames) {
    Set<String> wanted = new HashSet<>();
    for (String name : netnsNames) inode(NETNS_DIR.resolve(name)).ifPresent(ino -> wanted.add("net:[" + ino + "]"));
    List<Long> pids = new ArrayList<>();
    if (wanted.isEmpty()) return pids;
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path proc : procs) {
        try {
          String ns = Files.readSymbolicLink(proc.resolve("ns/net")).toString();
          long pid = Long.parseLong(proc.getFileName().toString());
          if (wanted.contains(ns) && pid != self) pids.add(pid);
        } catch (IOException | SecurityException e) {
          // exited meanwhile, or a kernel thread
        }
      }
    } catch (IOException e) {
      // no /proc: nothing to find
    }
    return pids;
  }

  /** SIGTERM to each, SIGKILL to those left after {@code grace}; returns how many there were. */
  public static int end(Collection<Long> pids, Duration grace) throws InterruptedException {
    List<ProcessHandle> handles = new ArrayList<>();
    for (long pid : pids) ProcessHandle.of(pid).ifPresent(handles::add);
    handles.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    while (handles.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) Thread.sleep(20);
    handles.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    return handles.size();
  }

  private static Optional<Long> inode(Path file) {
    try {
      return Optional.of(((Number) Files.getAttribute(file, "unix:ino")).longValue());
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
