package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachedAttachmentTest {
  @Test
  void readsAnEntryInLibcnisFormat() throws IOException {
    // As libcni writes it: Go's []byte config is base64, CNI_ARGS pairs are two-element arrays.
    String config = "{\"cniVersion\":\"1.0.0\",\"name\":\"netkube\",\"plugins\":[{\"type\":\"bridge\"}]}";
    String libcni = """
        {"kind":"cniCacheV1","containerId":"c1","config":"%s","ifName":"eth0","networkName":"netkube",
         "netns":"/run/netns/p","cniArgs":[["IgnoreUnknown","1"],["K8S_POD_NAME","web"]],
         "capabilityArgs":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]},
         "result":{"cniVersion":"1.0.0","ips":[{"address":"10.1.0.2/24"}]}}"""
        .formatted(java.util.Base64.getEncoder().encodeToString(config.getBytes(StandardCharsets.UTF_8)));
    CachedAttachment a = CachedAttachment.fromJson(Json.parse(libcni)).orElseThrow();
    assertThat(a.fileName()).isEqualTo("netkube-c1-eth0");
    assertThat(new String(a.config(), StandardCharsets.UTF_8)).isEqualTo(config);
    assertThat(a.cniArgs().env()).isEqualTo("IgnoreUnknown=1;K8S_POD_NAME=web");
    assertThat(a.capabilityArgs().get("portMappings").path(0).path("hostPort").asInt()).isEqualTo(8080);
    assertThat(a.result().orElseThrow().path("ips").path(0).path("address").asText()).isEqualTo("10.1.0.2/24");
    assertThat(a.netns()).isEqualTo("/run/netns/p");
  }

  @Test
  void roundTripsAndAnEntryWithoutResultIsAnAddInFlight() {
    CachedAttachment pending = new CachedAttachment("c2", "cni-loopback", "lo", "/run/netns/q",
        CniArgs.kubernetes(new PodRef("ns", "p", "u"), "c2"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8), Optional.empty());
    assertThat(CachedAttachment.fromJson(pending.toJson())).contains(pending);
    assertThat(pending.toJson().has("result")).isFalse();
    JsonNode result = Json.object().put("cniVersion", "1.0.0");
    assertThat(CachedAttachment.fromJson(pending.withResult(result).toJson()).orElseThrow().result()).contains(result);
  }

  @Test
  void entriesOfOtherKindsAreSkipped() throws IOException {
    assertThat(CachedAttachment.fromJson(Json.parse("{\"kind\":\"other\",\"containerId\":\"c\"}"))).isEmpty();
    assertThat(CachedAttachment.fromJson(Json.parse("{\"cniVersion\":\"0.3.1\",\"ips\":[]}"))).isEmpty();
  }
}
