package dev.netkube.model.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.ResourceType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrintersTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  static ResourceType type(String group, String kind) {
    return BuiltinResources.all().stream().filter(t -> t.group().equals(group) && t.kind().equals(kind))
        .findFirst().orElseThrow();
  }

  static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) Json.parseYaml(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<Object> cells(String group, String kind, String yaml) {
    return TablePrinters.forType(type(group, kind)).cells(yaml(yaml), NOW);
  }

  static List<String> names(String group, String kind) {
    return TablePrinters.forType(type(group, kind)).columns().stream()
        .map(c -> c.priority() == 0 ? c.name() : "(" + c.name() + ")").toList();
  }

  // The seed's services after the server's defaulting (clusterIPs, protocol, nodePort, timestamps).
  @Test
  void clusterIpServiceFromTheSeed() {
    assertThat(cells("", "Service", """
        metadata: {name: clusterip-service, creationTimestamp: "2026-11-25T11:55:00Z"}
        spec:
          type: ClusterIP
          clusterIP: 10.96.12.34
          clusterIPs: [10.96.12.34]
          selector: {app: nginx-for-svc}
          ports: [{protocol: TCP, port: 80, targetPort: 80}]
        """)).containsExactly("clusterip-service", "ClusterIP", "10.96.12.34", "<none>", "80/TCP", "5m",
        "app=nginx-for-svc");
  }

  @Test
  void nodePortServiceShowsBothPorts() {
    assertThat(cells("", "Service", """
        metadata: {name: nodeport-service, creationTimestamp: "2026-11-25T11:56:57Z"}
        spec:
          type: NodePort
          clusterIPs: [10.96.0.77]
          selector: {app: nginx-for-svc}
          ports: [{protocol: TCP, port: 80, targetPort: 80, nodePort: 30000}, {protocol: UDP, port: 53, nodePort: 30053}]
        """)).containsExactly("nodeport-service", "NodePort", "10.96.0.77", "<none>", "80:30000/TCP,53:30053/UDP",
        "3m3s", "app=nginx-for-svc");
  }

  @Test
  void externalNameService() {
    assertThat(cells("", "Service", """
        metadata: {name: externalname-service, creationTimestamp: "2026-11-24T09:00:00Z"}
        spec: {type: ExternalName, externalName: google.com}
        """)).containsExactly("externalname-service", "ExternalName", "<none>", "google.com", "<none>", "27h",
        "<none>");
  }

  @Test
  void loadBalancerPendingThenWithIngress() {
    String spec = """
        metadata: {name: loadbalancer-service, creationTimestamp: "2026-11-25T11:59:15Z"}
        spec:
          type: LoadBalancer
          clusterIPs: [10.96.5.6]
          selector: {app: nginx-for-svc}
          ports: [{protocol: TCP, port: 80, targetPort: 80, nodePort: 31234}]
        """;
    assertThat(cells("", "Service", spec)).containsExactly("loadbalancer-service", "LoadBalancer", "10.96.5.6",
        "<pending>", "80:31234/TCP", "45s", "app=nginx-for-svc");
    assertThat(cells("", "Service", spec + "status: {loadBalancer: {ingress: [{hostname: lb.example.com},"
        + " {ip: 192.168.10.240, ipMode: VIP}, {ip: 192.168.10.240}]}}\n").get(3))
        .isEqualTo("192.168.10.240,lb.example.com"); // a sorted set, as upstream's sets.String
  }

  @Test
  void serviceColumnsAreUpstreams() {
    assertThat(names("", "Service"))
        .containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "(Selector)");
    Column type = TablePrinters.forType(type("", "Service")).columns().get(1);
    assertThat(type.description()).startsWith("type determines how the Service is exposed. Defaults to ClusterIP.");
    Column name = TablePrinters.forType(type("", "Service")).columns().get(0);
    assertThat(name.format()).isEqualTo("name");
    assertThat(name.description()).startsWith("Name must be unique within a namespace.");
  }

  @Test
  void deploymentWithStatus() {
    assertThat(names("apps", "Deployment")).containsExactly("Name", "Ready", "Up-to-date", "Available", "Age",
        "(Containers)", "(Images)", "(Selector)");
    assertThat(cells("apps", "Deployment", """
        metadata: {name: web, creationTimestamp: "2026-11-22T10:00:00Z"}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: nginx, image: nginx}, {name: echo, image: hashicorp/http-echo}]}
        status: {replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2}
        """)).containsExactly("web", "2/3", 3L, 2L, "3d2h", "nginx,echo", "nginx,hashicorp/http-echo", "app=web");
  }

  @Test
  void runningPodWithRestarts() {
    assertThat(names("", "Pod")).containsExactly("Name", "Ready", "Status", "Restarts", "Age", "(IP)", "(Node)",
        "(Nominated Node)", "(Readiness Gates)");
    assertThat(cells("", "Pod", """
        metadata: {name: nginx-for-service, creationTimestamp: "2026-11-25T10:00:00Z"}
        spec: {nodeName: node-1, containers: [{name: nginx, image: nginx}]}
        status:
          phase: Running
          podIP: 10.244.1.5
          podIPs: [{ip: 10.244.1.5}]
          conditions: [{type: Ready, status: "True"}]
          containerStatuses:
          - name: nginx
            ready: true
            restartCount: 5
            state: {running: {startedAt: "2026-11-25T11:55:00Z"}}
            lastState: {terminated: {exitCode: 1, reason: Error, finishedAt: "2026-11-25T11:55:00Z"}}
        """)).containsExactly("nginx-for-service", "1/1", "Running", "5 (5m ago)", "120m", "10.244.1.5", "node-1",
        "<none>", "<none>");
  }

  @Test
  void podStatusReasons() {
    String crash = """
        metadata: {name: p, creationTimestamp: "2026-11-25T11:00:00Z"}
        spec: {containers: [{name: a}, {name: b}]}
        status:
          phase: Running
          containerStatuses:
          - {name: a, ready: false, restartCount: 2, state: {waiting: {reason: CrashLoopBackOff}}}
          - {name: b, ready: true, restartCount: 0, state: {running: {}}}
        """;
    assertThat(cells("", "Pod", crash).subList(1, 4)).containsExactly("1/2", "CrashLoopBackOff", "2");
    String init = """
        metadata: {name: p, creationTimestamp: "2026-11-25T11:00:00Z"}
        spec: {initContainers: [{name: i}], containers: [{name: a}]}
        status:
          phase: Pending
          initContainerStatuses: [{name: i, ready: false, restartCount: 0, state: {running: {}}}]
          containerStatuses: [{name: a, ready: false, restartCount: 0, state: {waiting: {reason: PodInitializing}}}]
        """;
    assertThat(cells("", "Pod", init).subList(1, 3)).containsExactly("0/1", "Init:0/1");
    String terminating = """
        metadata: {name: p, creationTimestamp: "2026-11-25T11:00:00Z", deletionTimestamp: "2026-11-25T11:59:00Z"}
        spec: {containers: [{name: a}]}
        status: {phase: Running, containerStatuses: [{name: a, ready: true, state: {running: {}}}]}
        """;
    assertThat(cells("", "Pod", terminating).get(2)).isEqualTo("Terminating");
    String pending = """
        metadata: {name: p}
        spec: {containers: [{name: a}]}
        status: {phase: Pending}
        """;
    assertThat(cells("", "Pod", pending)).containsExactly("p", "0/1", "Pending", "0", "<unknown>", "<none>",
        "<none>", "<none>", "<none>");
    String imagePull = """
        metadata: {name: p}
        spec: {containers: [{name: a, image: nope}]}
        status: {phase: Pending, containerStatuses: [{name: a, ready: false, state: {waiting: {reason: ErrImagePull}}}]}
        """;
    assertThat(cells("", "Pod", imagePull).get(2)).isEqualTo("ErrImagePull");
  }

  @Test
  void completedPodRowCarriesTheCompletedCondition() {
    ObjectNode pod = yaml("""
        metadata: {name: job-x}
        spec: {containers: [{name: a}]}
        status: {phase: Succeeded, containerStatuses: [{name: a, state: {terminated: {exitCode: 0, reason: Completed}}}]}
        """);
    ObjectNode table = TablePrinters.table(TablePrinters.forType(type("", "Pod")), List.of(pod),
        TablePrinters.IncludeObject.NONE, NOW, "", "");
    assertThat(table.at("/rows/0/cells/2").asText()).isEqualTo("Completed");
    assertThat(table.at("/rows/0/conditions/0").toString()).isEqualTo(
        "{\"type\":\"Completed\",\"status\":\"True\",\"reason\":\"Succeeded\",\"message\":\"The pod has completed successfully.\"}");
  }

  @Test
  void nodes() {
    assertThat(names("", "Node")).containsExactly("Name", "Status", "Roles", "Age", "Version", "(Internal-IP)",
        "(External-IP)", "(OS-Image)", "(Kernel-Version)", "(Container-Runtime)");
    assertThat(cells("", "Node", """
        metadata:
          name: node-1
          creationTimestamp: "2026-11-25T11:00:00Z"
          labels: {node-role.kubernetes.io/control-plane: "", kubernetes.io/hostname: node-1}
        spec: {unschedulable: true}
        status:
          conditions: [{type: MemoryPressure, status: "False"}, {type: Ready, status: "True"}]
          addresses: [{type: InternalIP, address: 192.168.10.2}, {type: Hostname, address: node-1}]
          nodeInfo: {kubeletVersion: v1.32.0, osImage: Debian GNU/Linux 12 (bookworm), kernelVersion: 6.1.0,
            containerRuntimeVersion: "netkube://0.1.0"}
        """)).containsExactly("node-1", "Ready,SchedulingDisabled", "control-plane", "60m", "v1.32.0",
        "192.168.10.2", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0", "netkube://0.1.0");
    assertThat(cells("", "Node", "metadata: {name: n}\nstatus: {conditions: [{type: Ready, status: Unknown}]}\n")
        .subList(1, 3)).containsExactly("NotReady", "<none>");
  }

  @Test
  void coreEventsAndEventsV1PrintAlike() {
    assertThat(names("", "Event")).containsExactly("Last Seen", "Type", "Reason", "Object", "(Subobject)",
        "(Source)", "Message", "(First Seen)", "(Count)", "(Name)");
    assertThat(cells("", "Event", """
        metadata: {name: web.1}
        involvedObject: {kind: Pod, name: web, fieldPath: "spec.containers{nginx}"}
        reason: Pulled
        type: Normal
        message: "Successfully pulled image \\"nginx\\"\\n"
        source: {component: kubelet, host: node-1}
        firstTimestamp: "2026-11-25T11:50:00Z"
        lastTimestamp: "2026-11-25T11:58:00Z"
        count: 3
        """)).containsExactly("2m", "Normal", "Pulled", "pod/web", "spec.containers{nginx}", "kubelet, node-1",
        "Successfully pulled image \"nginx\"", "10m", 3L, "web.1");
    assertThat(cells("events.k8s.io", "Event", """
        metadata: {name: web.2}
        regarding: {kind: Deployment, name: web}
        reason: ScalingReplicaSet
        type: Normal
        note: Scaled up replica set web-abc to 3
        reportingController: deployment-controller
        eventTime: "2026-11-25T11:59:30.000000Z"
        """)).containsExactly("30s", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller",
        "Scaled up replica set web-abc to 3", "30s", 1L, "web.2");
  }

  @Test
  void jobsAndCronJobs() {
    assertThat(names("batch", "Job")).containsExactly("Name", "Status", "Completions", "Duration", "Age",
        "(Containers)", "(Images)", "(Selector)");
    assertThat(cells("batch", "Job", """
        metadata: {name: ingress-nginx-admission-create, creationTimestamp: "2026-11-25T11:00:00Z"}
        spec:
          completions: 1
          selector: {matchLabels: {batch.kubernetes.io/controller-uid: abc}}
          template: {spec: {containers: [{name: create, image: "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v20230407"}]}}
        status:
          succeeded: 1
          startTime: "2026-11-25T11:00:00Z"
          completionTime: "2026-11-25T11:00:12Z"
          conditions: [{type: Complete, status: "True"}]
        """)).containsExactly("ingress-nginx-admission-create", "Complete", "1/1", "12s", "60m", "create",
        "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v20230407", "batch.kubernetes.io/controller-uid=abc");
    assertThat(cells("batch", "CronJob", """
        metadata: {name: tick, creationTimestamp: "2026-11-25T11:00:00Z"}
        spec: {schedule: "*/5 * * * *", suspend: false, jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: busybox}]}}}}}
        """)).containsExactly("tick", "*/5 * * * *", "<none>", "False", 0L, "<none>", "60m", "c", "busybox", "<none>");
  }

  @Test
  void networkingKinds() {
    assertThat(names("networking.k8s.io", "Ingress"))
        .containsExactly("Name", "Class", "Hosts", "Address", "Ports", "Age");
    assertThat(cells("networking.k8s.io", "Ingress", """
        metadata: {name: apple-banana, creationTimestamp: "2026-11-25T11:00:00Z"}
        spec:
          ingressClassName: nginx
          rules: [{host: apple.example.com}, {host: banana.example.com}]
        status: {loadBalancer: {ingress: [{ip: 192.168.10.2}]}}
        """)).containsExactly("apple-banana", "nginx", "apple.example.com,banana.example.com", "192.168.10.2", "80",
        "60m");
    assertThat(cells("networking.k8s.io", "Ingress", "metadata: {name: i}\nspec: {tls: [{}], rules: [{}]}\n"))
        .containsExactly("i", "<none>", "*", "", "80, 443", "<unknown>");
    assertThat(cells("networking.k8s.io", "IngressClass", """
        metadata: {name: nginx}
        spec: {controller: k8s.io/ingress-nginx, parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: p}}
        """)).containsExactly("nginx", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/p", "<unknown>");
    assertThat(cells("networking.k8s.io", "NetworkPolicy", "metadata: {name: deny}\nspec: {podSelector: {}}\n"))
        .containsExactly("deny", "<none>", "<unknown>");
    assertThat(cells("discovery.k8s.io", "EndpointSlice", """
        metadata: {name: web-abcde}
        addressType: IPv4
        ports: [{name: http, port: 80, protocol: TCP}]
        endpoints: [{addresses: [10.244.1.5]}, {addresses: [10.244.2.6]}, {addresses: [10.244.1.7]}, {addresses: [10.244.2.8]}]
        """)).containsExactly("web-abcde", "IPv4", "80", "10.244.1.5,10.244.2.6,10.244.1.7 + 1 more...", "<unknown>");
    assertThat(cells("", "Endpoints", """
        metadata: {name: web}
        subsets: [{addresses: [{ip: 10.244.1.5}, {ip: 10.244.2.6}], ports: [{port: 80}]}]
        """)).containsExactly("web", "10.244.1.5:80,10.244.2.6:80", "<unknown>");
    assertThat(cells("", "Endpoints", "metadata: {name: web}\n").get(1)).isEqualTo("<none>");
  }

  @Test
  void configAndIdentityKinds() {
    assertThat(cells("", "ConfigMap", "metadata: {name: cm}\ndata: {a: x, b: y}\nbinaryData: {c: eA==}\n"))
        .containsExactly("cm", 3L, "<unknown>");
    assertThat(cells("", "Secret", "metadata: {name: s}\ntype: kubernetes.io/tls\ndata: {tls.crt: eA==, tls.key: eA==}\n"))
        .containsExactly("s", "kubernetes.io/tls", 2L, "<unknown>");
    assertThat(cells("", "ServiceAccount", "metadata: {name: default}\n")).containsExactly("default", 0L, "<unknown>");
    assertThat(cells("", "Namespace", "metadata: {name: default}\nstatus: {phase: Active}\n"))
        .containsExactly("default", "Active", "<unknown>");
    assertThat(cells("coordination.k8s.io", "Lease", "metadata: {name: l}\nspec: {holderIdentity: node-1}\n"))
        .containsExactly("l", "node-1", "<unknown>");
    assertThat(cells("policy", "PodDisruptionBudget", "metadata: {name: p}\nspec: {minAvailable: 50%}\nstatus: {disruptionsAllowed: 1}\n"))
        .containsExactly("p", "50%", "N/A", 1L, "<unknown>");
    assertThat(cells("rbac.authorization.k8s.io", "ClusterRoleBinding", """
        metadata: {name: ingress-nginx}
        roleRef: {kind: ClusterRole, name: ingress-nginx}
        subjects: [{kind: ServiceAccount, name: ingress-nginx, namespace: ingress-nginx}, {kind: User, name: alice}, {kind: User, name: bob}]
        """)).containsExactly("ingress-nginx", "ClusterRole/ingress-nginx", "<unknown>", "alice, bob", "",
        "ingress-nginx/ingress-nginx");
    assertThat(names("rbac.authorization.k8s.io", "RoleBinding"))
        .containsExactly("Name", "Role", "Age", "(Users)", "(Groups)", "(ServiceAccounts)");
    assertThat(cells("admissionregistration.k8s.io", "ValidatingWebhookConfiguration",
        "metadata: {name: metallb-webhook-configuration}\nwebhooks: [{name: a}, {name: b}]\n"))
        .containsExactly("metallb-webhook-configuration", 2L, "<unknown>");
  }

  @Test
  void workloadKinds() {
    assertThat(cells("apps", "ReplicaSet", """
        metadata: {name: web-7d4b9, creationTimestamp: "2026-11-25T11:00:00Z"}
        spec: {replicas: 2, selector: {matchLabels: {app: web, pod-template-hash: 7d4b9}}, template: {spec: {containers: [{name: nginx, image: nginx}]}}}
        status: {replicas: 2, readyReplicas: 1}
        """)).containsExactly("web-7d4b9", 2L, 2L, 1L, "60m", "nginx", "nginx", "app=web,pod-template-hash=7d4b9");
    assertThat(cells("apps", "DaemonSet", """
        metadata: {name: speaker}
        spec: {selector: {matchLabels: {app: metallb}}, template: {spec: {nodeSelector: {kubernetes.io/os: linux}, containers: [{name: speaker, image: "quay.io/metallb/speaker:v0.13.12"}]}}}
        status: {desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, updatedNumberScheduled: 2, numberAvailable: 2}
        """)).containsExactly("speaker", 2L, 2L, 2L, 2L, 2L, "kubernetes.io/os=linux", "<unknown>", "speaker",
        "quay.io/metallb/speaker:v0.13.12", "app=metallb");
    assertThat(cells("apps", "StatefulSet", "metadata: {name: db}\nspec: {replicas: 3}\nstatus: {readyReplicas: 1}\n"))
        .containsExactly("db", "1/3", "<unknown>", "", "");
    assertThat(cells("apps", "ControllerRevision", """
        metadata: {name: speaker-5f7b, ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: speaker, controller: true}]}
        revision: 1
        """)).containsExactly("speaker-5f7b", "daemonset.apps/speaker", 1L, "<unknown>");
  }

  @Test
  void kindsWithoutPrinterUseTheDefaultTable() {
    for (String kind : List.of("Role", "ClusterRole")) {
      assertThat(names("rbac.authorization.k8s.io", kind)).containsExactly("Name", "Created At");
    }
    assertThat(names("apiextensions.k8s.io", "CustomResourceDefinition")).containsExactly("Name", "Created At");
    assertThat(TablePrinters.DEFAULT.columns().get(1).type()).isEqualTo("date");
    assertThat(cells("apiextensions.k8s.io", "CustomResourceDefinition",
        "metadata: {name: ipaddresspools.metallb.io, creationTimestamp: \"2026-11-25T11:00:00Z\"}\n"))
        .containsExactly("ipaddresspools.metallb.io", "2026-11-25T11:00:00Z");
  }

  @Test
  void everyBuiltinHasAPrinterWhoseRowsFitItsColumns() {
    for (ResourceType t : BuiltinResources.all()) {
      TablePrinter p = TablePrinters.forType(t);
      assertThat(p.cells(yaml("metadata: {name: x}\n"), NOW)).as(t.kind()).hasSameSizeAs(p.columns());
    }
  }

  @Test
  void tableAsTheServerSendsIt() {
    ObjectNode svc = yaml("""
        apiVersion: v1
        kind: Service
        metadata: {name: clusterip-service, namespace: default, resourceVersion: "42", creationTimestamp: "2026-11-25T11:55:00Z"}
        spec: {type: ClusterIP, clusterIPs: [10.96.12.34], ports: [{protocol: TCP, port: 80}]}
        """);
    TablePrinter p = TablePrinters.forType(type("", "Service"));
    ObjectNode t = TablePrinters.table(p, List.of(svc), TablePrinters.IncludeObject.METADATA, NOW, "43", "next");
    assertThat(t.get("kind").asText()).isEqualTo("Table");
    assertThat(t.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(t.get("metadata").toString()).isEqualTo("{\"resourceVersion\":\"43\",\"continue\":\"next\"}");
    assertThat(t.at("/columnDefinitions/6").toString()).startsWith(
        "{\"name\":\"Selector\",\"type\":\"string\",\"format\":\"\",\"description\":\"Route service traffic");
    assertThat(t.at("/columnDefinitions/6/priority").asInt()).isEqualTo(1);
    assertThat(t.at("/rows/0/cells").toString()).isEqualTo(
        "[\"clusterip-service\",\"ClusterIP\",\"10.96.12.34\",\"<none>\",\"80/TCP\",\"5m\",\"<none>\"]");
    assertThat(t.at("/rows/0/object").toString()).isEqualTo("{\"kind\":\"PartialObjectMetadata\","
        + "\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"clusterip-service\",\"namespace\":\"default\","
        + "\"resourceVersion\":\"42\",\"creationTimestamp\":\"2026-11-25T11:55:00Z\"}}");
    assertThat(t.at("/rows/0").has("conditions")).isFalse();
    ObjectNode full = TablePrinters.table(p, List.of(svc), TablePrinters.IncludeObject.OBJECT, NOW, "", "");
    assertThat(full.at("/rows/0/object")).isEqualTo(svc);
    assertThat(full.get("metadata").size()).isZero();
    ObjectNode none = TablePrinters.table(p, List.of(svc), TablePrinters.IncludeObject.NONE, NOW, "", "");
    assertThat(none.at("/rows/0/object").isNull()).isTrue();
    ObjectNode headless = TablePrinters.table(p, List.of(svc), TablePrinters.IncludeObject.METADATA, NOW, "", "", true);
    assertThat(headless.get("columnDefinitions").isNull()).isTrue();
    assertThat(headless.at("/rows/0/cells/0").asText()).isEqualTo("clusterip-service");
    assertThat(TablePrinters.table(p, List.of(), TablePrinters.IncludeObject.METADATA, NOW, "7", "").get("rows")
        .toString()).isEqualTo("[]");
    assertThat(TablePrinters.IncludeObject.parse(null)).isEqualTo(TablePrinters.IncludeObject.METADATA);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TablePrinters.IncludeObject.parse("All"))
        .hasMessage("unrecognized includeObject value: \"All\"");
  }
}
