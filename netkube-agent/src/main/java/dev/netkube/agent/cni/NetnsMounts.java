package dev.netkube.agent.cni;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a CNI_NETNS path still names a network namespace, as the plugins will see it. A name
 * under /run/netns is an empty file with the namespace bind-mounted over it; the file can outlive
 * the mount (ip netns add run in another mount namespace, e.g. under {@code ip netns exec}; a
 * crash between ip's two steps). The plugins' DEL then fails for ever ({@code unknown FS magic on
 * "/run/netns/...": ef53}), so the runtime passes such a path as gone (CNI_NETNS empty), as
 * containerd does for a netns it no longer has.
 */
final class NetnsMounts {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private NetnsMounts() {}

  /** A live netns: a /proc/<pid>/ns/net link that resolves, or an nsfs mount at the path. */
  static boolean isLive(Path netns) {
    if (netns.startsWith("/proc")) return Files.exists(netns);
    if (!Files.exists(netns)) return false;
    try {
      return isNsfsMountPoint(Files.readAllLines(MOUNTINFO), netns.toAbsolutePath().normalize().toString());
    } catch (IOException e) {
      return true; // cannot tell: let the plugin decide, as before
    }
  }

  /**
   * Pure: whether /proc/self/mountinfo lines have an nsfs mount at {@code mountPoint}. A line is
   * {@code id parent major:minor root mountpoint options [optional...] - fstype source superoptions}.
   */
  static boolean isNsfsMountPoint(List<String> mountinfo, String mountPoint) {
    for (String line : mountinfo) {
      String[] f = line.split(" ");
      if (f.length < 5 || !unescape(f[4]).equals(mountPoint)) continue;
      int dash = line.indexOf(" - ");
      if (dash >= 0 && line.substring(dash + 3).startsWith("nsfs ")) return true;
    }
    return false;
  }

  /** mountinfo writes space, tab, newline and backslash as octal escapes (\040 ...). */
  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 4 <= s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
