package dev.netkube.cli.cluster;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which netkube a layout belongs to, written into the kernel itself: the host's link into the LAN
 * carries the state folder of the netkube that made it as its alias ({@code ip link set nk-lan
 * alias "netkube /root/.netkube"}). It outlives a lost state file and tells a second netkube,
 * by name, whose namespaces these are.
 */
public final class Ownership {
  static final String TAG = "netkube ";
  /** The kernel's limit on an alias (IFALIASZ 256, with the terminating zero). */
  static final int MAX_ALIAS = 255;

  private Ownership() {}

  /** The alias for layouts of this state folder. */
  public static String alias(Path home) {
    String alias = TAG + home.toAbsolutePath().normalize();
    return alias.length() <= MAX_ALIAS ? alias : alias.substring(0, MAX_ALIAS);
  }

  /** The state folder an alias names; empty when it is no netkube's. */
  public static Optional<String> home(String alias) {
    return alias != null && alias.startsWith(TAG) && alias.length() > TAG.length()
        ? Optional.of(alias.substring(TAG.length())) : Optional.empty();
  }
}
