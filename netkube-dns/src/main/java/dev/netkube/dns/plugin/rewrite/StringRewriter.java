package dev.netkube.dns.plugin.rewrite;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps a name to another, CoreDNS's stringRewriter: by regex with {@code {N}} groups, by remapping a domain, by suffix. */
@FunctionalInterface
interface StringRewriter {
  String rewrite(String src);

  /** Where the pattern matches, the whole string becomes the replacement with its {@code {0}}, {@code {1}}... filled. */
  static StringRewriter regex(Pattern pattern, String replacement) {
    return src -> {
      Matcher m = pattern.matcher(src);
      return m.find() ? Groups.fill(replacement, m) : src;
    };
  }

  /** {@code orig} itself, or any name under it, has {@code orig} replaced: how {@code answer auto} reverts a rewrite. */
  static StringRewriter remap(String orig, String replacement) {
    return src -> {
      if (src.equals(orig)) return replacement;
      int i = src.length() - orig.length();
      if (i > 0 && src.charAt(i - 1) == '.' && src.endsWith(orig)) return src.substring(0, i) + replacement;
      return src;
    };
  }

  static StringRewriter suffix(String suffix, String replacement) {
    return src -> src.endsWith(suffix) ? src.substring(0, src.length() - suffix.length()) + replacement : src;
  }

  /** CoreDNS's nameRewriterResponseRule: the owner name of each record. */
  default ResponseRule onNames() {
    return new ResponseRule() {
      @Override public org.xbill.DNS.Record record(org.xbill.DNS.Record rr) {
        String name = rr.getName().toString();
        String changed = rewrite(name);
        return changed.equals(name) ? rr : Records.renamed(rr, changed);
      }
    };
  }

  /** CoreDNS's valueRewriterResponseRule: the name a CNAME, DNAME, SRV, MX, NS, NAPTR, SOA or PTR points to. */
  default ResponseRule onValues() {
    return new ResponseRule() {
      @Override public org.xbill.DNS.Record record(org.xbill.DNS.Record rr) {
        return Records.value(rr).map(v -> {
          String changed = rewrite(v);
          return changed.equals(v) ? rr : Records.withValue(rr, changed);
        }).orElse(rr);
      }
    };
  }
}
