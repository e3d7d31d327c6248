package dev.netkube.agent.runtime.podfiles;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's resolv.conf as kubelet reads it (parseResolvConf): nameserver lines accumulate, the last search line
 * and the last options line win, a search domain's trailing dot is dropped, comments are skipped.
 */
public record HostResolvConf(List<String> nameservers, List<String> searches, List<String> options) {
  public HostResolvConf {
    nameservers = List.copyOf(nameservers);
    searches = List.copyOf(searches);
    options = List.copyOf(options);
  }

  public static final HostResolvConf EMPTY = new HostResolvConf(List.of(), List.of(), List.of());

  public static HostResolvConf parse(String text) {
    List<String> nameservers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    List<String> options = new ArrayList<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#")) continue;
      String[] fields = line.isEmpty() ? new String[0] : line.split("\\s+");
      if (fields.length == 0) continue;
      switch (fields[0]) {
        case "nameserver" -> {
          if (fields.length >= 2) nameservers.add(fields[1]);
        }
        case "search" -> {
          searches.clear();
          for (int i = 1; i < fields.length; i++) searches.add(fields[i].endsWith(".") ? fields[i].substring(0, fields[i].length() - 1) : fields[i]);
        }
        case "options" -> {
          options.clear();
          for (int i = 1; i < fields.length; i++) options.add(fields[i]);
        }
        default -> { }
      }
    }
    return new HostResolvConf(nameservers, searches, options);
  }
}
