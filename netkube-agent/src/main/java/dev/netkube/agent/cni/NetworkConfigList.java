package dev.netkube.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A parsed .conflist as libcni reads it: name, cniVersion, disableCheck and the plugins in order. */
public record NetworkConfigList(String name, String cniVersion, boolean disableCheck, List<ObjectNode> plugins, byte[] bytes) {
  public NetworkConfigList {
    plugins = List.copyOf(plugins);
    bytes = bytes.clone();
  }

  /** Parses with libcni's error wording ("error parsing configuration list: ..."). */
  public static NetworkConfigList parse(byte[] bytes) {
    ObjectNode root;
    try {
      root = CniJson.object(bytes, "error parsing configuration list");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    String name = root.path("name").asText("");
    if (name.isEmpty()) throw new IllegalArgumentException("error parsing configuration list: no name");
    CniNames.networkName(name);
    String version = root.path("cniVersion").asText("");
    JsonNode list = root.get("plugins");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("error parsing configuration list: no 'plugins' key");
    }
    if (list.isEmpty()) throw new IllegalArgumentException("error parsing configuration list: no plugins in list");
    List<ObjectNode> plugins = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode p = list.get(i);
      if (!p.isObject() || p.path("type").asText("").isEmpty()) {
        throw new IllegalArgumentException("failed to parse plugin config " + i + ": error parsing configuration: missing 'type'");
      }
      plugins.add(((ObjectNode) p).deepCopy());
    }
    return new NetworkConfigList(name, version, root.path("disableCheck").asBoolean(false), plugins, bytes);
  }

  public static NetworkConfigList of(ObjectNode conflist) {
    return parse(CniJson.pretty(conflist).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public List<String> pluginTypes() { return plugins.stream().map(NetworkConfigList::type).toList(); }

  static String type(ObjectNode plugin) { return plugin.path("type").asText(); }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkConfigList l && name.equals(l.name) && cniVersion.equals(l.cniVersion)
        && disableCheck == l.disableCheck && plugins.equals(l.plugins) && Arrays.equals(bytes, l.bytes);
  }

  @Override
  public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(bytes); }

  @Override
  public String toString() { return "NetworkConfigList[" + name + " " + cniVersion + " " + pluginTypes() + "]"; }
}
