package dev.netkube.dns.plugin;

import java.util.Map;
import java.util.Optional;

/** Response codes by name as miekg/dns's StringToRcode spells them (upper case; BADSIG and BADVERS are both 16). */
public final class Rcodes {
  private Rcodes() {}

  private static final Map<String, Integer> BY_NAME = Map.ofEntries(
      Map.entry("NOERROR", 0), Map.entry("FORMERR", 1), Map.entry("SERVFAIL", 2), Map.entry("NXDOMAIN", 3),
      Map.entry("NOTIMP", 4), Map.entry("REFUSED", 5), Map.entry("YXDOMAIN", 6), Map.entry("YXRRSET", 7),
      Map.entry("NXRRSET", 8), Map.entry("NOTAUTH", 9), Map.entry("NOTZONE", 10), Map.entry("BADSIG", 16),
      Map.entry("BADVERS", 16), Map.entry("BADKEY", 17), Map.entry("BADTIME", 18), Map.entry("BADMODE", 19),
      Map.entry("BADNAME", 20), Map.entry("BADALG", 21), Map.entry("BADTRUNC", 22), Map.entry("BADCOOKIE", 23));

  public static Optional<Integer> byName(String name) { return Optional.ofNullable(BY_NAME.get(name)); }
}
