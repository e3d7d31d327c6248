package dev.netkube.dns.plugin;

import java.util.Optional;
import org.xbill.DNS.Message;

/**
 * What a plugin gives back, as CoreDNS's {@code (rcode, error)} with or without a written message: an answer it
 * wrote, or a failure rcode the server turns into a response (SERVFAIL, REFUSED) and the errors plugin logs.
 */
public sealed interface Reply {
  /** A response the plugin wrote; {@code plugin} labels coredns_dns_responses_total. */
  record Answer(Message message, String plugin) implements Reply {}

  /** No response written: the server answers {@code rcode} with an empty message. */
  record Failure(int rcode, String plugin, Optional<String> error) implements Reply {
    public static Failure of(int rcode, String plugin, String error) { return new Failure(rcode, plugin, Optional.ofNullable(error)); }
  }
}
