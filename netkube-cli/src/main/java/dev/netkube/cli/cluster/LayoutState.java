package dev.netkube.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The layout file, {@code $NETKUBE_HOME/layout.json}: what {@code up} made (or set out to make:
 * it is written before the first namespace, so that {@code down} finds everything after a
 * {@code kill -9} at any moment) and from which spec.
 */
public record LayoutState(LayoutSpec spec, String hostLink, List<String> netns, List<String> nftTables, Instant madeAt) {
  public static final String FILE = "layout.json";

  public LayoutState {
    netns = List.copyOf(netns);
    nftTables = List.copyOf(nftTables);
  }

  public static LayoutState of(LayoutPlan plan, Instant now) {
    return new LayoutState(plan.spec(), plan.host().link(), plan.netnsNames(), List.of(HostGuard.table(plan.spec().prefix())), now);
  }

  public void write(Path file) throws IOException {
    ObjectNode json = Json.object();
    json.put("prefix", spec.prefix());
    json.put("lanCidr", spec.lan().toString());
    json.put("nodes", spec.nodes());
    json.put("podCidr", spec.podCidr().toString());
    json.put("serviceCidr", spec.serviceCidr().toString());
    json.put("hostLink", hostLink);
    netns.forEach(json.putArray("netns")::add);
    nftTables.forEach(json.putArray("nftTables")::add);
    json.put("madeAt", madeAt.toString());
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, Json.bytes(json));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The file's content; empty when there is none. A damaged file is an error: it may be all that names a layout. */
  public static Optional<LayoutState> read(Path file) throws IOException {
    if (!Files.exists(file)) return Optional.empty();
    try {
      JsonNode json = Json.parse(Files.readAllBytes(file));
      LayoutSpec spec = new LayoutSpec(json.path("prefix").asText(), Cidr.parse(json.path("lanCidr").asText()),
          json.path("nodes").asInt(), Cidr.parse(json.path("podCidr").asText()), Cidr.parse(json.path("serviceCidr").asText()));
      return Optional.of(new LayoutState(spec, json.path("hostLink").asText(), strings(json.path("netns")),
          strings(json.path("nftTables")), Instant.parse(json.path("madeAt").asText())));
    } catch (RuntimeException e) {
      throw new IOException(file + " cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    for (JsonNode v : array) values.add(v.asText());
    return values;
  }
}
