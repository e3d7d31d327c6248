package dev.netkube.dns.plugin.autopath;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A resolv.conf's search list as miekg/dns's ClientConfig reads it: the last {@code search} or {@code domain} line wins. */
public final class SearchDomains {
  private SearchDomains() {}

  /** The domains as lower-case FQDNs, in order. */
  public static List<String> of(String resolvConf) {
    List<String> search = new ArrayList<>();
    for (String line : resolvConf.split("\n")) {
      String l = line.strip();
      if (l.startsWith("#") || l.startsWith(";")) continue;
      String[] f = l.split("\\s+");
      if (f.length < 2) continue;
      if (f[0].equals("search")) {
        search = new ArrayList<>();
        for (int i = 1; i < f.length; i++) search.add(fqdn(f[i]));
      } else if (f[0].equals("domain")) {
        search = new ArrayList<>(List.of(fqdn(f[1])));
      }
    }
    return List.copyOf(search);
  }

  private static String fqdn(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower : lower + ".";
  }
}
