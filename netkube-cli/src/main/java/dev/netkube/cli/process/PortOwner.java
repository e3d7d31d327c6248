package dev.netkube.cli.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** Finds which process listens on a TCP port, from /proc (as {@code ss -ltnp} does). */
public final class PortOwner {
  private static final String LISTEN = "0A";

  private PortOwner() {}

  /** A listening socket's inode found for a port, and the process holding it when visible. */
  public record Owner(long pid, String commandLine) {}

  /**
   * The socket inodes listening on this port, from the text of /proc/net/tcp or tcp6. Pure: the
   * table's columns are "sl local_address rem_address st ... uid timeout inode".
   */
  public static List<Long> listeningInodes(String procNetTcp, int port) {
    String portHex = String.format(Locale.ROOT, "%04X", port);
    List<Long> inodes = new ArrayList<>();
    for (String line : procNetTcp.split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length < 10 || !cols[1].contains(":")) continue;
      String localPort = cols[1].substring(cols[1].lastIndexOf(':') + 1);
      if (localPort.equalsIgnoreCase(portHex) && cols[3].equalsIgnoreCase(LISTEN)) {
        try {
          inodes.add(Long.parseLong(cols[9]));
        } catch (NumberFormatException ignored) {
          // a header or a malformed line
        }
      }
    }
    return inodes;
  }

  /** The process listening on this port, when /proc lets us see it (root sees all). */
  public static Optional<Owner> find(int port) {
    List<Long> inodes = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        inodes.addAll(listeningInodes(Files.readString(Path.of(table)), port));
      } catch (IOException ignored) {
        // no IPv6, or no /proc: nothing to say
      }
    }
    if (inodes.isEmpty()) return Optional.empty();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path proc : procs) {
        OptionalLong pid = holder(proc, inodes);
        if (pid.isPresent()) return Optional.of(new Owner(pid.getAsLong(), commandLine(proc)));
      }
    } catch (IOException ignored) {
      // fall through
    }
    return Optional.empty();
  }

  private static OptionalLong holder(Path proc, List<Long> inodes) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
      for (Path fd : fds) {
        String link;
        try {
          link = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue;
        }
        for (long inode : inodes) {
          if (link.equals("socket:[" + inode + "]")) return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
        }
      }
    } catch (IOException | SecurityException ignored) {
      // another user's process
    }
    return OptionalLong.empty();
  }

  private static String commandLine(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }
}
