package dev.netkube.cli.cluster.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.model.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodesReadyTest {
  private static String node(String name, String status, String beat) {
    return "{\"metadata\":{\"name\":\"" + name + "\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + status
        + "\",\"lastHeartbeatTime\":\"" + beat + "\"}]}}";
  }

  @Test
  void aNodeCountsOnlyWithReadyPostedSinceItsAgentStarted() throws Exception {
    var list = Json.parse("{\"items\":[" + node("node-1", "True", "2026-12-02T01:00:05Z") + ","
        + node("node-2", "True", "2026-12-02T00:59:00Z") + "," + node("node-3", "False", "2026-12-02T01:00:06Z") + "]}");
    Instant start = Instant.parse("2026-12-02T01:00:05.700Z");
    assertThat(NodesReady.notReady(list, Map.of("node-1", start, "node-2", start, "node-3", start)))
        .as("node-1 posted in the start's second; node-2's Ready is from before; node-3 is not Ready")
        .containsExactly("node-2", "node-3");
    assertThat(NodesReady.notReady(list, Map.of("node-2", Instant.EPOCH))).as("an agent that ran already").isEmpty();
    assertThat(NodesReady.notReady(list, Map.of("node-9", start))).as("not registered yet").containsExactly("node-9");
  }
}
