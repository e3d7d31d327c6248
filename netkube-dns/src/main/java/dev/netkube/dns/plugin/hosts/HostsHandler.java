package dev.netkube.dns.plugin.hosts;

import dev.netkube.dns.plugin.Chain;
import dev.netkube.dns.plugin.Fallthrough;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Replies;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import dev.netkube.dns.plugin.Zones;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * CoreDNS's hosts handler (v1.11): names outside its zones go on (PTRs are looked up whatever the zones); A, AAAA
 * and PTR from the entries, owner names in lower case; a name it has with another type is NODATA (authoritative, no
 * SOA); a name it does not have goes on with fallthrough, else SERVFAIL (it has no SOA to say NXDOMAIN with); a
 * reverse name it does not know always goes on.
 */
final class HostsHandler implements Handler {
  private final HostsFile hosts;
  private final List<String> zones;
  private final int ttl;
  private final Fallthrough fallthrough;

  HostsHandler(HostsFile hosts, List<String> zones, int ttl, Fallthrough fallthrough) {
    this.hosts = hosts;
    this.zones = List.copyOf(zones);
    this.ttl = ttl;
    this.fallthrough = fallthrough;
  }

  @Override
  public Reply serve(Request request, Chain next) {
    String name = request.name();
    int qtype = request.qtype();
    if (Zones.match(zones, name).isEmpty() && qtype != Type.PTR) return next.serve(request);
    Name owner = owner(name);
    List<Record> answer = new ArrayList<>();
    switch (qtype) {
      case Type.PTR -> {
        Optional<InetAddress> address = ReverseName.address(name);
        List<String> names = address.map(hosts::names).orElse(List.of());
        if (names.isEmpty()) return next.serve(request);
        for (String n : names) answer.add(new PTRRecord(owner, DClass.IN, ttl, owner(n)));
      }
      case Type.A -> { for (InetAddress ip : hosts.v4(name)) answer.add(new ARecord(owner, DClass.IN, ttl, ip)); }
      case Type.AAAA -> { for (InetAddress ip : hosts.v6(name)) answer.add(new AAAARecord(owner, DClass.IN, ttl, ip)); }
      default -> { }
    }
    if (answer.isEmpty() && hosts.v4(name).isEmpty() && hosts.v6(name).isEmpty()) {
      if (fallthrough.through(name)) return next.serve(request);
      return Reply.Failure.of(Rcode.SERVFAIL, HostsSetup.NAME, null);
    }
    Message m = Replies.authoritative(request, Rcode.NOERROR);
    for (Record r : answer) m.addRecord(r, Section.ANSWER);
    return new Reply.Answer(m, HostsSetup.NAME);
  }

  private static Name owner(String fqdn) {
    try {
      return Name.fromString(fqdn);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + fqdn, e);
    }
  }
}
