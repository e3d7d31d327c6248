package dev.netkube.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads iproute2's JSON output ({@code ip -j}). Pure. */
public final class IpJson {
  private IpJson() {}

  /** The links of {@code ip -j -d addr show}. */
  public static List<LinkState> links(String json) {
    List<LinkState> links = new ArrayList<>();
    for (JsonNode link : array(json)) {
      List<String> addresses = new ArrayList<>();
      for (JsonNode a : link.path("addr_info")) {
        if (a.path("family").asText().equals("inet")) addresses.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
      }
      boolean up = false;
      for (JsonNode flag : link.path("flags")) up |= flag.asText().equals("UP");
      links.add(new LinkState(link.path("ifname").asText(), link.path("ifindex").asInt(),
          link.has("link_index") ? OptionalInt.of(link.path("link_index").asInt()) : OptionalInt.empty(), up,
          link.hasNonNull("master") ? Optional.of(link.path("master").asText()) : Optional.empty(), addresses,
          link.path("linkinfo").path("info_kind").asText("")));
    }
    return links;
  }

  /** The IPv4 addresses of {@code ip -j -4 addr show}. */
  public static List<HostAddress> addresses(String json) {
    List<HostAddress> addresses = new ArrayList<>();
    for (LinkState link : links(json)) {
      for (String a : link.addresses()) addresses.add(new HostAddress(link.name(), a));
    }
    return addresses;
  }

  /** The routes of {@code ip -j -4 route show table main}; entries ip prints oddly are skipped. */
  public static List<HostRoute> routes(String json) {
    List<HostRoute> routes = new ArrayList<>();
    for (JsonNode r : array(json)) {
      Optional<Cidr> dst = Cidr.parseKernel(r.path("dst").asText(null));
      if (dst.isEmpty()) continue;
      routes.add(new HostRoute(dst.get(), text(r, "dev"), text(r, "gateway"), r.path("type").asText("unicast")));
    }
    return routes;
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.path(field).asText()) : Optional.empty();
  }

  /** A JSON array as iproute2 prints it (an empty output is an empty array). */
  static JsonNode array(String json) {
    if (json.isBlank()) return Json.array();
    try {
      JsonNode node = Json.parse(json);
      if (!node.isArray()) throw new IllegalArgumentException("ip printed no JSON array: " + abbreviate(json));
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("ip printed no JSON: " + abbreviate(json), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }
}
