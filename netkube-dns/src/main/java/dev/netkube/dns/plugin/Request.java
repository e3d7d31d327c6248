package dev.netkube.dns.plugin;

import java.net.InetSocketAddress;
import java.util.Locale;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;

/**
 * One query as the chain sees it: the message, how it came (udp or tcp, from where, to which server block and
 * zone) and the largest response the client takes (512 without EDNS0, its advertised size with it, 65535 on TCP).
 */
public record Request(Message query, String protocol, InetSocketAddress client, String server, String zone, int maxSize) {
  public static final int MIN_UDP_SIZE = 512;

  public static Request of(Message query, String protocol, InetSocketAddress client, String server, String zone) {
    return new Request(query, protocol, client, server, zone, maxSize(query, protocol));
  }

  /** CoreDNS's rule: TCP takes anything; UDP takes the EDNS0 size (at least 512), or 512 without EDNS0. */
  public static int maxSize(Message query, String protocol) {
    if (protocol.equals("tcp")) return 65535;
    OPTRecord opt = query.getOPT();
    return opt == null ? MIN_UDP_SIZE : Math.max(MIN_UDP_SIZE, opt.getPayloadSize());
  }

  public Record question() { return query.getQuestion(); }

  public Name qname() { return question().getName(); }

  public int qtype() { return question().getType(); }

  /** The query name in lower case with its trailing dot: what matching uses. */
  public String name() { return qname().toString().toLowerCase(Locale.ROOT); }

  public boolean edns() { return query.getOPT() != null; }

  public Request withQuery(Message newQuery) { return new Request(newQuery, protocol, client, server, zone, maxSize); }
}
