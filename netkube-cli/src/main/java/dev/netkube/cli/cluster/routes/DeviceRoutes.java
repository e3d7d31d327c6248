package dev.netkube.cli.cluster.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.cli.cluster.Cidr;
import dev.netkube.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The routes out of one device, as {@code ip -j -N -4 route show dev DEV} prints them: the
 * networks on its link (the kernel's connected routes: what a gateway must be in) with this
 * end's addresses, and netkube's own routes (protocol {@value Route#PROTOCOL}).
 */
public record DeviceRoutes(List<Cidr> onLink, Set<String> ownAddresses, List<Route> ours) {
  static final String SCOPE_LINK = "253";

  public DeviceRoutes {
    onLink = List.copyOf(onLink);
    ownAddresses = Set.copyOf(ownAddresses);
    ours = List.copyOf(ours);
  }

  /** Parses the JSON. Pure. */
  public static DeviceRoutes parse(String device, String json) {
    JsonNode routes;
    try {
      routes = json.isBlank() ? Json.array() : Json.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException("ip printed no JSON for the routes of " + device, e);
    }
    List<Cidr> onLink = new ArrayList<>();
    Set<String> own = new java.util.HashSet<>();
    List<Route> ours = new ArrayList<>();
    for (JsonNode r : routes) {
      Optional<Cidr> dst = Cidr.parseKernel(r.path("dst").asText(null));
      if (dst.isEmpty()) continue;
      boolean viaGateway = r.hasNonNull("gateway");
      if (!viaGateway && SCOPE_LINK.equals(r.path("scope").asText()) && r.path("type").asText("unicast").equals("unicast")) {
        onLink.add(dst.get());
        if (r.hasNonNull("prefsrc")) own.add(r.path("prefsrc").asText());
      } else if (viaGateway && String.valueOf(Route.PROTOCOL).equals(r.path("protocol").asText())) {
        ours.add(new Route(dst.get(), r.path("gateway").asText(), device));
      }
    }
    return new DeviceRoutes(onLink, own, ours);
  }

  /** Whether a gateway is reachable on the link itself (the kernel refuses others). */
  public boolean onLink(String address) {
    return onLink.stream().anyMatch(c -> c.contains(address));
  }
}
