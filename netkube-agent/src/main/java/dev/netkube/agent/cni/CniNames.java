package dev.netkube.agent.cni;

import java.util.regex.Pattern;

/** The names libcni validates before it runs a plugin, with libcni's messages. */
public final class CniNames {
  // libcni's pkg/utils: container IDs and network names.
  private static final Pattern ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.\\-]*$");
  private static final int MAX_INTERFACE_NAME = 15; // IFNAMSIZ - 1

  private CniNames() {}

  public static String containerId(String id) {
    if (id == null || id.isEmpty()) throw new IllegalArgumentException("missing containerID");
    if (!ID.matcher(id).matches()) throw new IllegalArgumentException("invalid characters in containerID: " + id);
    return id;
  }

  public static String networkName(String name) {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("missing network name:");
    if (!ID.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid characters found in network name: " + name);
    }
    return name;
  }

  /** The kernel's rules for an interface name (dev_valid_name), as libcni checks them. */
  public static String interfaceName(String name) {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("interface name is empty");
    if (name.length() > MAX_INTERFACE_NAME) {
      throw new IllegalArgumentException(
          "interface name is too long: interface name should be less than " + (MAX_INTERFACE_NAME + 1) + " characters");
    }
    if (name.equals(".") || name.equals("..")) throw new IllegalArgumentException("interface name is . or ..");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == ':' || Character.isWhitespace(c)) {
        throw new IllegalArgumentException("interface name contains / or : or whitespace characters: " + name);
      }
    }
    return name;
  }
}
