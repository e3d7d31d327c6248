package dev.netkube.dns.plugin.rewrite;

import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/** A change to the response a matched rule asks for: on each record (names, values, TTLs) or on the whole message. */
interface ResponseRule {
  default Record record(Record rr) { return rr; }

  default void message(Message response) {}
}
