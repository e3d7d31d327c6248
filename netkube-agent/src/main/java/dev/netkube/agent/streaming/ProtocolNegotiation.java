package dev.netkube.agent.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Picks a streaming sub-protocol: the client's first offer the server supports (httpstream.Handshake). */
final class ProtocolNegotiation {
  private ProtocolNegotiation() {}

  /** Offers as header values; each may hold several, comma-separated. */
  static List<String> offers(List<String> headerValues) {
    List<String> out = new ArrayList<>();
    for (String v : headerValues) {
      for (String p : v.split(",")) {
        String t = p.trim();
        if (!t.isEmpty()) out.add(t);
      }
    }
    return out;
  }

  static Optional<String> pick(List<String> clientOffers, List<String> supported) {
    for (String offer : clientOffers) if (supported.contains(offer)) return Optional.of(offer);
    return Optional.empty();
  }
}
