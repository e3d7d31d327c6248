package dev.netkube.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may make network namespaces: CAP_SYS_ADMIN (the mounts) and CAP_NET_ADMIN (the links). */
public final class Capabilities {
  static final int CAP_NET_ADMIN = 12;
  static final int CAP_SYS_ADMIN = 21;

  private Capabilities() {}

  public static boolean canMakeNamespaces() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) return hasNetworkAdmin(line.substring("CapEff:".length()).strip());
      }
    } catch (IOException e) {
      // no /proc: not Linux as netkube knows it
    }
    return false;
  }

  /** From /proc/self/status's hexadecimal CapEff mask. Pure. */
  static boolean hasNetworkAdmin(String capEffHex) {
    long mask;
    try {
      mask = Long.parseUnsignedLong(capEffHex, 16);
    } catch (NumberFormatException e) {
      return false;
    }
    return (mask & (1L << CAP_NET_ADMIN)) != 0 && (mask & (1L << CAP_SYS_ADMIN)) != 0;
  }
}
