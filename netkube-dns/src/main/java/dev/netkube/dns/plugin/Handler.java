package dev.netkube.dns.plugin;

/**
 * One plugin's part of a query: answer it, or hand it to the rest of the chain ({@code next.serve}) and perhaps
 * change what comes back (cache, loadbalance). CoreDNS's {@code ServeDNS(ctx, w, r)}.
 */
@FunctionalInterface
public interface Handler {
  Reply serve(Request request, Chain next);

  /** A plugin without a part in queries (health, ready, reload): it steps aside. */
  Handler PASS = (request, next) -> next.serve(request);
}
