package dev.netkube.dns.plugin.forward;

import java.util.ArrayList;
import java.util.List;

/** The nameserver lines of a resolv.conf, in order. */
final class ResolvConf {
  private ResolvConf() {}

  static List<String> nameservers(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.startsWith("#") || l.startsWith(";")) continue;
      String[] words = l.split("\\s+");
      if (words.length >= 2 && words[0].equals("nameserver")) out.add(words[1]);
    }
    return out;
  }
}
