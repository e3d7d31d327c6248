package dev.netkube.dns.plugin.rewrite;

import java.io.IOException;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;

/** dnsjava's records are immutable: copies with another owner name, value name or TTL. */
final class Records {
  private Records() {}

  static Record renamed(Record rr, String name) { return rr.withName(name(name)); }

  static Record withTtl(Record rr, long ttl) {
    try {
      return Record.fromString(rr.getName(), rr.getType(), rr.getDClass(), ttl, rr.rdataToString(), Name.root);
    } catch (IOException e) {
      return rr; // a type dnsjava cannot write as text keeps its TTL
    }
  }

  static Optional<String> value(Record rr) {
    Name n = null;
    if (rr instanceof SRVRecord r) n = r.getTarget();
    else if (rr instanceof MXRecord r) n = r.getTarget();
    else if (rr instanceof CNAMERecord r) n = r.getTarget();
    else if (rr instanceof NSRecord r) n = r.getTarget();
    else if (rr instanceof DNAMERecord r) n = r.getTarget();
    else if (rr instanceof NAPTRRecord r) n = r.getReplacement();
    else if (rr instanceof SOARecord r) n = r.getHost();
    else if (rr instanceof PTRRecord r) n = r.getTarget();
    return Optional.ofNullable(n).map(Name::toString);
  }

  static Record withValue(Record rr, String value) {
    Name v = name(value);
    Name o = rr.getName();
    int c = rr.getDClass();
    long t = rr.getTTL();
    if (rr instanceof SRVRecord r) return new SRVRecord(o, c, t, r.getPriority(), r.getWeight(), r.getPort(), v);
    if (rr instanceof MXRecord r) return new MXRecord(o, c, t, r.getPriority(), v);
    if (rr instanceof CNAMERecord) return new CNAMERecord(o, c, t, v);
    if (rr instanceof NSRecord) return new NSRecord(o, c, t, v);
    if (rr instanceof DNAMERecord) return new DNAMERecord(o, c, t, v);
    if (rr instanceof NAPTRRecord r) {
      return new NAPTRRecord(o, c, t, r.getOrder(), r.getPreference(), r.getFlags(), r.getService(), r.getRegexp(), v);
    }
    if (rr instanceof SOARecord r) {
      return new SOARecord(o, c, t, v, r.getAdmin(), r.getSerial(), r.getRefresh(), r.getRetry(), r.getExpire(), r.getMinimum());
    }
    if (rr instanceof PTRRecord) return new PTRRecord(o, c, t, v);
    return rr;
  }

  private static Name name(String s) {
    try {
      return Name.fromString(s.endsWith(".") ? s : s + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("invalid name after rewrite: " + s, e);
    }
  }
}
