package dev.netkube.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeletLocationTest {
  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.parse(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final ObjectNode NODE = json("{\"metadata\":{\"name\":\"n1\"},\"status\":{\"addresses\":["
      + "{\"type\":\"Hostname\",\"address\":\"n1\"},{\"type\":\"InternalIP\",\"address\":\"192.168.10.11\"}],"
      + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":10250}}}}");

  private static ObjectNode pod(String node, String... containers) {
    StringBuilder c = new StringBuilder();
    for (String name : containers) c.append(c.length() == 0 ? "" : ",").append("{\"name\":\"").append(name).append("\"}");
    return json("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"nodeName\":\"" + node + "\",\"containers\":[" + c
        + "],\"initContainers\":[{\"name\":\"init\"}]}}");
  }

  private static KubeletLocation locate(String method, String path, Map<String, List<String>> query, ObjectNode pod) {
    PodSubresource sub = PodSubresource.parse(method, path).orElseThrow();
    return KubeletLocation.locate(sub, query, pod, n -> n.equals("n1") ? Optional.of(NODE) : Optional.empty());
  }

  @Test
  void execGoesToTheNodesInternalIpWithKubeletsQuery() {
    KubeletLocation l = locate("POST", "/api/v1/namespaces/default/pods/p/exec",
        Map.of("command", List.of("sh", "-c", "echo a b"), "stdin", List.of("true"), "tty", List.of("true")),
        pod("n1", "main"));
    assertThat(l).isEqualTo(new KubeletLocation.Kubelet("192.168.10.11", 10250,
        "/exec/default/p/main?input=1&output=1&error=1&tty=1&command=sh&command=-c&command=echo%20a%20b"));
  }

  @Test
  void logsAndPortForwardPassTheirOptionsOn() {
    assertThat(locate("GET", "/api/v1/namespaces/default/pods/p/log",
        Map.of("container", List.of("init"), "follow", List.of("true"), "tailLines", List.of("5")), pod("n1", "a", "b")))
        .isEqualTo(new KubeletLocation.Kubelet("192.168.10.11", 10250, "/containerLogs/default/p/init?follow=true&tailLines=5"));
    assertThat(locate("GET", "/api/v1/namespaces/default/pods/p/portforward", Map.of("ports", List.of("80")),
        pod("n1", "a", "b"))).isEqualTo(new KubeletLocation.Kubelet("192.168.10.11", 10250, "/portForward/default/p?port=80"));
    assertThat(locate("GET", "/api/v1/namespaces/default/pods/p/log", Map.of(), pod("", "main")))
        .isInstanceOf(KubeletLocation.Nowhere.class);
  }

  @Test
  void containerNamesAreCheckedWithUpstreamsWords() {
    assertThatThrownBy(() -> locate("POST", "/api/v1/namespaces/default/pods/p/exec", Map.of(), pod("n1", "a", "b")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessage("a container name must be specified for pod p, choose one of: [init a b]");
    assertThatThrownBy(() -> locate("POST", "/api/v1/namespaces/default/pods/p/attach",
        Map.of("container", List.of("c")), pod("n1", "a")))
        .hasMessage("container c is not valid for pod p");
    assertThatThrownBy(() -> locate("POST", "/api/v1/namespaces/default/pods/p/exec", Map.of(), pod("", "a")))
        .hasMessage("pod p does not have a host assigned");
    assertThatThrownBy(() -> locate("POST", "/api/v1/namespaces/default/pods/p/exec", Map.of(), pod("gone", "a")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void logOptionsAreValidatedAsUpstreamDoes() {
    assertThatThrownBy(() -> locate("GET", "/api/v1/namespaces/default/pods/p/log", Map.of("tailLines", List.of("-1")),
        pod("n1", "a"))).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
    assertThatThrownBy(() -> locate("GET", "/api/v1/namespaces/default/pods/p/log", Map.of("follow", List.of("maybe")),
        pod("n1", "a"))).hasMessage("strconv.ParseBool: parsing \"maybe\": invalid syntax");
  }

  @Test
  void onlyTheStreamingSubresourcesAreTakenOutOfTheNormalPath() {
    assertThat(PodSubresource.parse("GET", "/api/v1/namespaces/default/pods/p/exec")).isPresent();
    assertThat(PodSubresource.parse("POST", "/api/v1/namespaces/default/pods/p/log")).isEmpty();
    assertThat(PodSubresource.parse("GET", "/api/v1/namespaces/default/pods/p/status")).isEmpty();
    assertThat(PodSubresource.parse("GET", "/api/v1/namespaces/default/pods/p")).isEmpty();
  }
}
