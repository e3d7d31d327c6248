package dev.netkube.dns.plugin;

import java.util.List;
import org.xbill.DNS.Rcode;

/** The handlers of one server block in CoreDNS's order; past the last one is "no next plugin found". */
public final class Chain {
  private final List<Handler> handlers;
  private final int index;

  public Chain(List<Handler> handlers) { this(List.copyOf(handlers), 0); }

  private Chain(List<Handler> handlers, int index) {
    this.handlers = handlers;
    this.index = index;
  }

  public Reply serve(Request request) {
    if (index >= handlers.size()) return Reply.Failure.of(Rcode.SERVFAIL, "", "no next plugin found");
    return handlers.get(index).serve(request, new Chain(handlers, index + 1));
  }

  public boolean hasNext() { return index < handlers.size(); }
}
