package dev.netkube.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration one plugin of a list reads on stdin, built as libcni builds it: the plugin's
 * own object, with the list's name and cniVersion, the previous result (ADD: the previous
 * plugin's; CHECK and DEL: the cached result of the whole ADD), and "runtimeConfig" holding only
 * those capability arguments the plugin declares in its "capabilities".
 */
public final class PluginStdin {
  private PluginStdin() {}

  public static ObjectNode build(NetworkConfigList list, ObjectNode plugin, Optional<JsonNode> prevResult,
      Map<String, JsonNode> capabilityArgs) {
    ObjectNode conf = plugin.deepCopy();
    conf.put("name", list.name());
    conf.put("cniVersion", list.cniVersion());
    prevResult.ifPresent(r -> conf.set("prevResult", r.deepCopy()));
    ObjectNode runtimeConfig = conf.objectNode();
    JsonNode capabilities = plugin.path("capabilities");
    capabilityArgs.forEach((capability, value) -> {
      if (capabilities.path(capability).asBoolean(false)) runtimeConfig.set(capability, value.deepCopy());
    });
    if (!runtimeConfig.isEmpty()) conf.set("runtimeConfig", runtimeConfig);
    return conf;
  }
}
