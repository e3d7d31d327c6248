package dev.netkube.dns.plugin.cache;

import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.Chain;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import dev.netkube.dns.plugin.Zones;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * Answers from two caches as CoreDNS: success (NOERROR with answers) and denial (NXDOMAIN, NODATA, and SERVFAIL for
 * servfail's duration), each capped in entries (random eviction) and in TTL; a hit's TTLs count down.
 */
final class CacheHandler implements Handler {
  private record Key(String name, int type, boolean dnssecOk, boolean checkingDisabled) {}

  private record Entry(Message message, long storedMillis, int ttl, boolean success) {}

  private final CacheConfig config;
  private final DnsMetrics metrics;
  private final Clock clock;
  private final String server;
  private final String zonesLabel;
  private final Map<Key, Entry> success = new ConcurrentHashMap<>();
  private final Map<Key, Entry> denial = new ConcurrentHashMap<>();

  CacheHandler(CacheConfig config, DnsMetrics metrics, Clock clock, String server) {
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.server = server;
    this.zonesLabel = String.join(",", config.zones());
    metrics.cacheEntries.set(success::size, server, "success", zonesLabel, "");
    metrics.cacheEntries.set(denial::size, server, "denial", zonesLabel, "");
  }

  @Override
  public Reply serve(Request request, Chain next) {
    String name = request.name();
    if (Zones.match(config.zones(), name).isEmpty()) return next.serve(request);
    metrics.cacheRequests.inc(server, zonesLabel, "");
    boolean dnssecOk = request.query().getOPT() != null && (request.query().getOPT().getFlags() & 0x8000) != 0;
    Key key = new Key(name.toLowerCase(Locale.ROOT), request.qtype(), dnssecOk, request.query().getHeader().getFlag(Flags.CD));
    long now = clock.millis();
    Entry hit = success.get(key);
    if (hit == null) hit = denial.get(key);
    if (hit != null) {
      long age = (now - hit.storedMillis()) / 1000;
      if (age < hit.ttl()) {
        metrics.cacheHits.inc(server, hit.success() ? "success" : "denial", zonesLabel, "");
        return new Reply.Answer(fromCache(hit, request, (int) age), "cache");
      }
      (hit.success() ? success : denial).remove(key, hit);
    }
    metrics.cacheMisses.inc(server, zonesLabel, "");
    Reply reply = next.serve(request);
    if (reply instanceof Reply.Answer a) {
      int ttl = store(key, a.message(), now);
      // CoreDNS caps this reply's TTLs too, so the next client does not see 1799 become 29
      if (ttl > 0) return new Reply.Answer(capped(a.message(), ttl), a.plugin());
    }
    return reply;
  }

  /** Stores a cacheable answer; returns the duration it is kept, 0 if it is not. */
  private int store(Key key, Message m, long now) {
    if (m.getHeader().getFlag(Flags.TC)) return 0; // a truncated answer is not the answer
    int rcode = m.getRcode();
    boolean answered = rcode == Rcode.NOERROR && !m.getSection(Section.ANSWER).isEmpty();
    boolean denied = rcode == Rcode.NXDOMAIN || (rcode == Rcode.NOERROR && m.getSection(Section.ANSWER).isEmpty());
    Entry e;
    if (answered && !config.disableSuccess()) {
      e = new Entry(m, now, clamp(minTtl(m, false), config.successMinTtl(), config.successMaxTtl()), true);
      put(success, config.successCapacity(), key, e);
    } else if (denied && !config.disableDenial()) {
      e = new Entry(m, now, clamp(minTtl(m, true), config.denialMinTtl(), config.denialMaxTtl()), false);
      put(denial, config.denialCapacity(), key, e);
    } else if (rcode == Rcode.SERVFAIL && !config.servfail().isZero() && !config.disableDenial()) {
      e = new Entry(m, now, (int) config.servfail().getSeconds(), false);
      put(denial, config.denialCapacity(), key, e);
    } else {
      return 0;
    }
    return e.ttl();
  }

  private Message capped(Message m, int ttl) {
    if (config.keepTtl()) return m;
    Message out = m.clone();
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      out.removeAllRecords(section);
      for (Record r : m.getSection(section)) {
        if (r.getType() == org.xbill.DNS.Type.OPT || r.getTTL() <= ttl) out.addRecord(r, section);
        else out.addRecord(Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToWireCanonical()), section);
      }
    }
    return out;
  }

  private void put(Map<Key, Entry> cache, int capacity, Key key, Entry e) {
    if (e.ttl() <= 0) return;
    if (!cache.containsKey(key) && cache.size() >= capacity) {
      // CoreDNS evicts a random entry; the first in hash order is as arbitrary and costs no copy of the keys
      java.util.Iterator<Key> it = cache.keySet().iterator();
      if (it.hasNext() && cache.remove(it.next()) != null) {
        metrics.cacheEvictions.inc(server, e.success() ? "success" : "denial", zonesLabel, "");
      }
    }
    cache.put(key, e);
  }

  /** The lowest TTL of the answer and authority records; for a denial, the SOA's MINIMUM counts too. */
  private static int minTtl(Message m, boolean denial) {
    long min = Long.MAX_VALUE;
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      for (Record r : m.getSection(section)) {
        min = Math.min(min, r.getTTL());
        if (denial && r instanceof SOARecord soa) min = Math.min(min, soa.getMinimum());
      }
    }
    return min == Long.MAX_VALUE ? 0 : (int) Math.min(min, Integer.MAX_VALUE);
  }

  private static int clamp(int ttl, int min, int max) { return Math.max(min, Math.min(max, ttl)); }

  private Message fromCache(Entry e, Request request, int age) {
    Message out = new Message(request.query().getHeader().getID());
    Message stored = e.message();
    out.getHeader().setRcode(stored.getRcode());
    for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
      if (stored.getHeader().getFlag(flag)) out.getHeader().setFlag(flag);
    }
    out.getHeader().setFlag(Flags.AA); // CoreDNS sets it on cached answers: some clients drop non-authoritative ones
    if (request.query().getHeader().getFlag(Flags.RD)) out.getHeader().setFlag(Flags.RD);
    out.addRecord(request.question(), Section.QUESTION);
    long remaining = e.ttl() - age;
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      List<Record> records = stored.getSection(section);
      for (Record r : records) {
        if (r.getType() == org.xbill.DNS.Type.OPT) continue;
        long ttl = config.keepTtl() ? r.getTTL() : Math.min(r.getTTL(), remaining);
        out.addRecord(Record.newRecord(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToWireCanonical()), section);
      }
    }
    return out;
  }
}
