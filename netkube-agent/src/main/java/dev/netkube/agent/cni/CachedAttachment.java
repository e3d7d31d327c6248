package dev.netkube.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One network attachment as libcni caches it after ADD (file
 * {@code results/<network>-<containerId>-<ifName>}, kind "cniCacheV1"): the config it was added
 * with, the netns, CNI_ARGS, capability args and the final result. DEL and CHECK read the result
 * back as prevResult, also after an agent restart. The same file format as libcni's, so its
 * tools read netkube's cache.
 *
 * <p>netkube also writes the entry, without a result, before it runs ADD: an agent that dies in
 * the middle of an ADD then still knows the attachment, and DEL releases what the plugins made.
 */
public record CachedAttachment(String containerId, String networkName, String ifName, String netns, CniArgs cniArgs,
    Map<String, JsonNode> capabilityArgs, byte[] config, Optional<JsonNode> result) {
  public static final String KIND = "cniCacheV1";

  public CachedAttachment {
    capabilityArgs = Map.copyOf(capabilityArgs);
    config = config.clone();
  }

  /** libcni's file name for the attachment. */
  public static String fileName(String networkName, String containerId, String ifName) {
    return networkName + "-" + containerId + "-" + ifName;
  }

  public String fileName() { return fileName(networkName, containerId, ifName); }

  public CachedAttachment withResult(JsonNode r) {
    return new CachedAttachment(containerId, networkName, ifName, netns, cniArgs, capabilityArgs, config, Optional.of(r));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kind", KIND);
    o.put("containerId", containerId);
    o.put("config", Base64.getEncoder().encodeToString(config)); // Go marshals []byte as base64
    o.put("ifName", ifName);
    o.put("networkName", networkName);
    if (!netns.isEmpty()) o.put("netns", netns);
    if (!cniArgs.pairs().isEmpty()) {
      ArrayNode args = o.putArray("cniArgs");
      cniArgs.pairs().forEach(a -> args.addArray().add(a.key()).add(a.value()));
    }
    if (!capabilityArgs.isEmpty()) {
      ObjectNode caps = o.putObject("capabilityArgs");
      capabilityArgs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> caps.set(e.getKey(), e.getValue()));
    }
    result.ifPresent(r -> o.set("result", r));
    return o;
  }

  /** Empty when the JSON is not a cniCacheV1 entry (libcni skips those too). */
  public static Optional<CachedAttachment> fromJson(JsonNode o) {
    if (!o.isObject() || !KIND.equals(o.path("kind").asText())) return Optional.empty();
    String containerId = o.path("containerId").asText("");
    String networkName = o.path("networkName").asText("");
    String ifName = o.path("ifName").asText("");
    if (containerId.isEmpty() || networkName.isEmpty() || ifName.isEmpty()) return Optional.empty();
    byte[] config;
    try {
      config = Base64.getDecoder().decode(o.path("config").asText(""));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<CniArgs.Arg> args = new ArrayList<>();
    o.path("cniArgs").forEach(pair -> args.add(new CniArgs.Arg(pair.path(0).asText(), pair.path(1).asText())));
    Map<String, JsonNode> caps = new LinkedHashMap<>();
    o.path("capabilityArgs").fields().forEachRemaining(e -> caps.put(e.getKey(), e.getValue()));
    JsonNode result = o.get("result");
    return Optional.of(new CachedAttachment(containerId, networkName, ifName, o.path("netns").asText(""),
        new CniArgs(args), caps, config,
        result == null || result.isNull() || result.isEmpty() ? Optional.empty() : Optional.of(result)));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CachedAttachment a && toJson().equals(a.toJson());
  }

  @Override
  public int hashCode() { return toJson().hashCode(); }
}
