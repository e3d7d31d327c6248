package dev.netkube.dns.plugin.kubernetes;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** What the kubernetes plugin makes of one question. */
public sealed interface Resolution {
  /** Records found; {@code outsideTarget}: an ExternalName's target outside the zones, for the server to resolve. */
  record Found(List<Record> answer, List<Record> extra, Optional<Name> outsideTarget) implements Resolution {
    public Found {
      answer = List.copyOf(answer);
      extra = List.copyOf(extra);
    }
  }

  /** The name exists without records of this type: NOERROR with the zone's SOA. */
  record NoData() implements Resolution {}

  /** No such name: NXDOMAIN with the SOA, or the next plugin under fallthrough. */
  record NameError() implements Resolution {}

  /** Zone transfers are not served. */
  record Refused() implements Resolution {}
}
