package dev.netkube.dns.plugin.rewrite;

import java.util.regex.Matcher;

/** CoreDNS's {@code {N}} placeholders: each replaced by the regex's group N of a match. */
final class Groups {
  private Groups() {}

  static String fill(String template, Matcher m) {
    String s = template;
    for (int i = 0; i <= m.groupCount(); i++) {
      String value = m.group(i);
      s = s.replace("{" + i + "}", value == null ? "" : value);
    }
    return s;
  }

  /** How many distinct {@code {0}}..{@code {100}} a replacement uses (CoreDNS's getSubExprUsage). */
  static int used(String template) {
    int n = 0;
    for (int i = 0; i <= 100; i++) if (template.contains("{" + i + "}")) n++;
    return n;
  }
}
