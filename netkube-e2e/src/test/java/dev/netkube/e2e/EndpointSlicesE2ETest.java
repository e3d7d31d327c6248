package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The endpointslice-controller and endpoint-controller against the real kubectl: pods the test
 * binds to registered nodes and whose status it sets (no agents yet), services from the seed.
 */
class EndpointSlicesE2ETest extends ClusterTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Override
  protected void afterStart() {
    kubectl.runWithInput("apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n  labels:\n"
        + "    topology.kubernetes.io/zone: zone-a\n", "apply", "-f", "-").ok();
  }

  private void pod(String name, String labels, String extraSpec) {
    kubectl.runWithInput("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\n  labels:\n" + labels
        + "spec:\n  nodeName: node-a\n" + extraSpec
        + "  containers:\n  - name: c\n    image: nginx\n    ports:\n    - name: web\n      containerPort: 80\n",
        "apply", "-f", "-").ok();
  }

  private void status(String name, String ip, boolean ready) {
    String cond = ready ? "True" : "False";
    kubectl.run("patch", "pod", name, "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"phase\":\"Running\",\"podIP\":\"" + ip + "\",\"podIPs\":[{\"ip\":\"" + ip + "\"}],"
            + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + cond + "\",\"lastTransitionTime\":\"2024-05-01T10:00:00Z\"}]}}").ok();
  }

  private String get(String... args) { return kubectl.run(args).ok().out(); }

  @Test
  void clusterIpServiceGetsSlicesAndEndpointsThatFollowReadinessAndDeletion() {
    kubectl.run("apply", "-f", TestCluster.seedManifest("clusterip-service.yaml").toString()).ok();
    pod("nginx-1", "    app: nginx-for-svc\n", "");
    pod("nginx-2", "    app: nginx-for-svc\n", "");
    pod("other", "    app: something-else\n", "");
    status("nginx-1", "10.244.1.11", true);
    status("nginx-2", "10.244.1.12", true);
    status("other", "10.244.1.13", true);

    await().atMost(WAIT).untilAsserted(() -> {
      String table = get("get", "endpointslice", "-l", "kubernetes.io/service-name=clusterip-service");
      assertThat(table.lines().findFirst().orElseThrow()).matches("NAME\\s+ADDRESSTYPE\\s+PORTS\\s+ENDPOINTS\\s+AGE");
      assertThat(table).containsPattern("clusterip-service-[a-z0-9]{5}\\s+IPv4\\s+80\\s+10\\.244\\.1\\.11,10\\.244\\.1\\.12\\s+\\d+s");
      assertThat(table.lines().count()).isEqualTo(2);
    });
    await().atMost(WAIT).untilAsserted(() -> assertThat(get("get", "endpoints", "clusterip-service"))
        .containsPattern("clusterip-service\\s+10\\.244\\.1\\.11:80,10\\.244\\.1\\.12:80\\s+\\d+s"));

    String sel = "kubernetes.io/service-name=clusterip-service";
    assertThat(get("get", "endpointslice", "-l", sel, "-o", "jsonpath={.items[0].metadata.labels}"))
        .contains("\"endpointslice.kubernetes.io/managed-by\":\"endpointslice-controller.k8s.io\"")
        .contains("\"kubernetes.io/service-name\":\"clusterip-service\"");
    assertThat(get("get", "endpointslice", "-l", sel, "-o",
        "jsonpath={.items[0].metadata.generateName} {.items[0].metadata.ownerReferences[0].kind}/"
            + "{.items[0].metadata.ownerReferences[0].name} {.items[0].metadata.ownerReferences[0].controller} "
            + "{.items[0].metadata.ownerReferences[0].blockOwnerDeletion}"))
        .isEqualTo("clusterip-service- Service/clusterip-service true true");
    assertThat(get("get", "endpointslice", "-l", sel, "-o",
        "jsonpath={.items[0].metadata.annotations.endpoints\\.kubernetes\\.io/last-change-trigger-time}"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(get("get", "endpointslice", "-l", sel, "-o",
        "jsonpath={range .items[0].endpoints[*]}{.addresses[0]} {.conditions.ready}/{.conditions.serving}/"
            + "{.conditions.terminating} {.nodeName} {.zone} {.targetRef.kind}/{.targetRef.name};{end}"))
        .isEqualTo("10.244.1.11 true/true/false node-a zone-a Pod/nginx-1;10.244.1.12 true/true/false node-a zone-a Pod/nginx-2;");
    assertThat(get("get", "endpointslice", "-l", sel, "-o", "jsonpath={.items[0].ports}"))
        .isEqualTo("[{\"name\":\"\",\"port\":80,\"protocol\":\"TCP\"}]");
    assertThat(get("describe", "svc", "clusterip-service")).containsPattern("Endpoints:\\s+10\\.244\\.1\\.11:80,10\\.244\\.1\\.12:80");

    // nginx-2 turns not ready: not ready in its slice, moved to notReadyAddresses in Endpoints.
    status("nginx-2", "10.244.1.12", false);
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(get("get", "endpoints", "clusterip-service")).containsPattern("clusterip-service\\s+10\\.244\\.1\\.11:80\\s");
      assertThat(get("get", "endpoints", "clusterip-service", "-o", "jsonpath={.subsets[0].notReadyAddresses[0].ip}"))
          .isEqualTo("10.244.1.12");
      assertThat(get("get", "endpointslice", "-l", sel, "-o",
          "jsonpath={range .items[0].endpoints[*]}{.targetRef.name}={.conditions.ready}/{.conditions.serving};{end}"))
          .isEqualTo("nginx-1=true/true;nginx-2=false/false;");
    });

    // nginx-1 is deleted: bound to a node, it terminates gracefully first (terminating in its
    // slice, gone from Endpoints), then it is gone.
    kubectl.run("delete", "pod", "nginx-1", "--wait=false").ok();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(get("get", "endpointslice", "-l", sel, "-o",
          "jsonpath={range .items[0].endpoints[*]}{.targetRef.name}={.conditions.ready}/{.conditions.serving}/{.conditions.terminating};{end}"))
          .isEqualTo("nginx-1=false/true/true;nginx-2=false/false/false;");
      // Only a not-ready address left: upstream's printer shows an empty cell (not <none>).
      assertThat(get("get", "endpoints", "clusterip-service")).containsPattern("\nclusterip-service\\s+\\d+s\n");
      assertThat(get("get", "endpoints", "clusterip-service", "-o",
          "jsonpath={.subsets[*].addresses[*].ip}|{.subsets[*].notReadyAddresses[*].ip}")).isEqualTo("|10.244.1.12");
    });
    kubectl.run("delete", "pod", "nginx-1", "--grace-period=0", "--force").ok();
    await().atMost(WAIT).untilAsserted(() -> assertThat(get("get", "endpointslice", "-l", sel))
        .containsPattern("clusterip-service-[a-z0-9]{5}\\s+IPv4\\s+80\\s+10\\.244\\.1\\.12\\s"));
    // One slice throughout: updated in place.
    assertThat(get("get", "endpointslice", "-l", sel, "-o", "name").lines().count()).isEqualTo(1);
  }

  @Test
  void namedTargetPortsResolvePerPodAndHeadlessServicesAreLabelled() {
    kubectl.runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: named\n  labels:\n    team: blue\nspec:\n"
        + "  clusterIP: None\n  selector:\n    app: named\n  ports:\n  - name: http\n    port: 80\n    targetPort: web\n"
        + "    appProtocol: http\n", "apply", "-f", "-").ok();
    pod("named-1", "    app: named\n", "  hostname: host1\n  subdomain: named\n");
    status("named-1", "10.244.1.21", true);
    String sel = "kubernetes.io/service-name=named";
    await().atMost(WAIT).untilAsserted(() -> assertThat(get("get", "endpointslice", "-l", sel))
        .containsPattern("named-[a-z0-9]{5}\\s+IPv4\\s+80\\s+10\\.244\\.1\\.21\\s"));
    assertThat(get("get", "endpointslice", "-l", sel, "-o",
        "jsonpath={.items[0].metadata.labels.team} {.items[0].metadata.labels.service\\.kubernetes\\.io/headless}|"
            + "{.items[0].ports[0].name} {.items[0].ports[0].port} {.items[0].ports[0].appProtocol} {.items[0].endpoints[0].hostname}"))
        .isEqualTo("blue |http 80 http host1");
    await().atMost(WAIT).untilAsserted(() -> assertThat(get("get", "endpoints", "named", "-o",
        "jsonpath={.metadata.labels} {.subsets[0].addresses[0].hostname} {.subsets[0].ports[0].port}"))
        .isEqualTo("{\"service.kubernetes.io/headless\":\"\",\"team\":\"blue\"} host1 80"));
  }

  @Test
  void aServiceWithoutPodsHasAnEmptyPlaceholderSlice() {
    // No pod matches (the scheduler and the fake nodes of other tests in this class would give
    // the seed's apple pod an IP, so the service here selects nothing that exists).
    kubectl.runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  selector:\n    app: lonely\n"
        + "  ports:\n  - port: 5678\n", "apply", "-f", "-").ok();
    await().atMost(WAIT).untilAsserted(() -> assertThat(get("get", "endpointslice", "-l", "kubernetes.io/service-name=lonely"))
        .containsPattern("lonely-[a-z0-9]{5}\\s+IPv4\\s+<unset>\\s+<unset>\\s+\\d+s"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(get("get", "endpoints", "lonely"))
        .containsPattern("lonely\\s+<none>\\s+\\d+s"));
    assertThat(get("describe", "svc", "lonely")).containsPattern("Endpoints:\\s*\n");
  }

  @Test
  void selectorlessExternalNameAndKubernetesServicesAreLeftAloneButUserEndpointsAreMirrored() throws Exception {
    kubectl.runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: manual\nspec:\n  ports:\n  - port: 80\n---\n"
        + "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: manual-1\n  labels:\n"
        + "    kubernetes.io/service-name: manual\naddressType: IPv4\nports:\n- port: 8080\nendpoints:\n"
        + "- addresses: [\"192.168.10.50\"]\n---\n"
        + "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: manual\nsubsets:\n- addresses:\n  - ip: 192.168.10.50\n"
        + "  ports:\n  - port: 8080\n", "apply", "-f", "-").ok();
    kubectl.run("apply", "-f", TestCluster.seedManifest("externalname.yaml").toString()).ok();
    String sliceRv = get("get", "endpointslice", "manual-1", "-o", "jsonpath={.metadata.resourceVersion}");
    String epRv = get("get", "endpoints", "manual", "-o", "jsonpath={.metadata.resourceVersion}");
    // A service with a selector, applied after, converges: the controllers have seen everything before it.
    kubectl.run("apply", "-f", TestCluster.seedManifest("default-subdomain-service.yaml").toString()).ok();
    await().atMost(WAIT).untilAsserted(() -> assertThat(get("get", "endpoints", "default-subdomain")).contains("<none>"));
    Thread.sleep(1500); // past the controller's one-second batching of slice changes

    // The user's Endpoints are mirrored to a slice of the mirroring controller; the user's slice stays as it was.
    await().atMost(WAIT).untilAsserted(() -> assertThat(get("get", "endpointslice", "-l",
        "kubernetes.io/service-name=manual,endpointslice.kubernetes.io/managed-by=endpointslicemirroring-controller.k8s.io"))
        .containsPattern("manual-[a-z0-9]{5}\\s+IPv4\\s+8080\\s+192\\.168\\.10\\.50\\s"));
    assertThat(get("get", "endpointslice", "-l", "kubernetes.io/service-name=manual", "-o", "name").lines())
        .hasSize(2).contains("endpointslice.discovery.k8s.io/manual-1");
    assertThat(get("get", "endpointslice", "manual-1", "-o", "jsonpath={.metadata.resourceVersion}")).isEqualTo(sliceRv);
    assertThat(get("get", "endpoints", "manual", "-o", "jsonpath={.metadata.resourceVersion}")).isEqualTo(epRv);
    assertThat(get("get", "endpoints", "manual")).containsPattern("manual\\s+192\\.168\\.10\\.50:8080\\s");
    assertThat(get("get", "endpointslice", "-l", "kubernetes.io/service-name=externalname-service", "-o", "name")).isEmpty();
    assertThat(kubectl.run("get", "endpoints", "externalname-service").exitCode()).isEqualTo(1);
    // default/kubernetes has no selector and its Endpoints say skip-mirror: only the API server's own slice.
    assertThat(get("get", "endpointslice", "-l", "kubernetes.io/service-name=kubernetes", "-o", "name"))
        .isEqualTo("endpointslice.discovery.k8s.io/kubernetes\n");
  }

  @Test
  void aDeletedServiceTakesItsEndpointsAndSlicesAlong() {
    kubectl.runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: brief\nspec:\n  selector:\n    app: brief\n"
        + "  ports:\n  - port: 80\n", "apply", "-f", "-").ok();
    await().atMost(WAIT).until(() -> kubectl.run("get", "endpoints", "brief").exitCode() == 0
        && !get("get", "endpointslice", "-l", "kubernetes.io/service-name=brief", "-o", "name").isEmpty());
    kubectl.run("delete", "svc", "brief").ok();
    // The Endpoints go by the endpoint controller; the slices by the garbage collector (ownerReference).
    await().atMost(WAIT).until(() -> kubectl.run("get", "endpoints", "brief").exitCode() == 1
        && get("get", "endpointslice", "-l", "kubernetes.io/service-name=brief", "-o", "name").isEmpty());
  }

  @Test
  void podsOnFakeNodesAppearAndLeaveWithoutAnyHandMadeStatus() {
    kubectl.runWithInput("apiVersion: v1\nkind: Node\nmetadata:\n  name: fake-eps\n  annotations: {kwok.x-k8s.io/node: fake}\n"
        + "  labels: {topology.kubernetes.io/zone: zone-b}\n", "apply", "-f", "-").ok();
    // In a namespace of its own: the seed's pods share one app label across services.
    kubectl.run("create", "namespace", "fake-eps").ok();
    kubectl.run("apply", "-n", "fake-eps", "-f", TestCluster.seedManifest("nodeport-service.yaml").toString()).ok();
    String selector = get("get", "svc", "-n", "fake-eps", "nodeport-service", "-o", "jsonpath={.spec.selector}");
    String app = selector.replaceAll(".*\"app\":\"([^\"]+)\".*", "$1");
    for (int i = 1; i <= 3; i++) {
      kubectl.runWithInput("apiVersion: v1\nkind: Pod\nmetadata:\n  name: fake-web-" + i + "\n  labels: {app: " + app + "}\n"
          + "spec:\n  nodeName: fake-eps\n  containers: [{name: web, image: nginx}]\n", "apply", "-n", "fake-eps", "-f", "-").ok();
    }
    String sel = "kubernetes.io/service-name=nodeport-service";
    await().atMost(WAIT).untilAsserted(() -> assertThat(get("get", "endpointslice", "-n", "fake-eps", "-l", sel, "-o",
        "jsonpath={range .items[*].endpoints[*]}{.targetRef.name} {.conditions.ready} {.zone};{end}"))
        .contains("fake-web-1 true zone-b;").contains("fake-web-2 true zone-b;").contains("fake-web-3 true zone-b;"));
    kubectl.run("delete", "pod", "-n", "fake-eps", "fake-web-2", "--wait=true", "--timeout=60s").ok();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(get("get", "endpointslice", "-n", "fake-eps", "-l", sel, "-o", "jsonpath={range .items[*].endpoints[*]}{.targetRef.name};{end}"))
          .isEqualTo("fake-web-1;fake-web-3;");
      assertThat(get("get", "endpoints", "-n", "fake-eps", "nodeport-service", "-o", "jsonpath={.subsets[*].addresses[*].targetRef.name}"))
          .isEqualTo("fake-web-1 fake-web-3");
    });
  }
}
