package dev.netkube.e2e.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.e2e.Kubectl;
import dev.netkube.e2e.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real nodes and real pods: `netkube up --nodes 2` (namespaces, agents, the CNI plugins, nginx),
 * driven by the real kubectl; packets from the LAN client across nodes. The cluster is one per
 * class (its start is most of the cost); `down` at the end must leave nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodesE2ETest {
  private static NodeCluster cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void up() throws Exception {
    cluster = NodeCluster.up(2);
    kubectl = cluster.kubectl();
    assertThat(HostSnapshot.take().named(cluster.prefix()).netns()).contains(cluster.prefix() + "-lan");
  }

  @AfterAll
  static void down() throws Exception {
    if (cluster == null) return;
    cluster.close();
    // other tests may come and go meanwhile: what this cluster made is what carries its prefix
    assertThat(HostSnapshot.take().named(cluster.prefix())).as("ip netns, ip link, nft tables after down")
        .isEqualTo(new HostSnapshot(List.of(), List.of(), List.of()));
    // memory emptyDirs live on the machine's /dev/shm: the agents remove theirs when they stop
    try (var shm = java.nio.file.Files.list(java.nio.file.Path.of("/dev/shm/netkube-volumes"))) {
      assertThat(shm.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(cluster.prefix() + "-"));
    } catch (java.nio.file.NoSuchFileException e) {
      // no memory volume was ever made on this machine
    }
  }

  @Test
  @Order(1)
  void bothNodesRegisterAndTurnReadyWithTheirLanAddressesAndPodCidrs() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "nodes", "-o",
        "jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type==\"Ready\")].status} {.status.addresses[0].address} {.spec.podCIDR}{\"\\n\"}{end}")
        .ok().out()).contains("node-1 True " + cluster.nodeIp(1) + " ", "node-2 True " + cluster.nodeIp(2) + " "));
    String wide = kubectl.run("get", "nodes", "-o", "wide").ok().out();
    assertThat(wide).contains("INTERNAL-IP", cluster.nodeIp(1), "netkube://");
  }

  @Test
  @Order(2)
  void podsRunOnBothNodesAndAnswerAcrossTheLan() throws Exception {
    kubectl.run("run", "nginx-for-service", "--image=nginx", "--port=80", "--labels=app=nginx-for-svc").ok();
    kubectl.run("apply", "-f", seed("podnet-01.yaml")).ok();
    waitRunning("nginx-for-service");
    waitRunning("podnet-01");
    String ip = kubectl.run("get", "pod", "nginx-for-service", "-o", "jsonpath={.status.podIP}").ok().out();
    assertThat(ip).startsWith("10.");
    assertThat(kubectl.run("get", "pod", "podnet-01", "-o", "jsonpath={.status.containerStatuses[*].ready}").ok().out())
        .isEqualTo("true true");
    // from the other node to the pod, through the host-gw route that node keeps for the pod's node's pod CIDR
    String node = kubectl.run("get", "pod", "nginx-for-service", "-o", "jsonpath={.spec.nodeName}").ok().out();
    int other = node.equals("node-1") ? 2 : 1;
    assertThat(cluster.onNode(other, "curl", "-s", "-m", "5", "http://" + ip + "/").output()).contains("Welcome to nginx!");
    // from the host, through its route for the pod CIDR
    Process host = new ProcessBuilder("curl", "-s", "-m", "5", "http://" + ip + "/").redirectErrorStream(true).start();
    assertThat(new String(host.getInputStream().readAllBytes())).contains("Welcome to nginx!");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kubectl.run("describe", "pod", "nginx-for-service")
        .ok().out()).contains("Successfully assigned default/nginx-for-service to " + node,
        "Container image \"nginx\" already present on machine", "Started container nginx-for-service",
        "docker.io/library/nginx@sha256:"));
  }

  @Test
  @Order(3)
  void execLogsAndPortForwardReachThePodsThroughTheApiServer() throws Exception {
    String ip = kubectl.run("get", "pod", "nginx-for-service", "-o", "jsonpath={.status.podIP}").ok().out();
    // pod to pod: the seed's `kubectl exec testnet -- curl -s <nginx pod IP>`
    assertThat(kubectl.run("exec", "podnet-01", "-c", "ubuntu", "--", "curl", "-s", "-m", "5", "http://" + ip + "/")
        .ok().out()).contains("Welcome to nginx!");
    Kubectl.Result failed = kubectl.run("exec", "podnet-01", "-c", "ubuntu", "--", "sh", "-c", "echo out; echo err >&2; exit 7");
    assertThat(failed.exitCode()).isEqualTo(7);
    assertThat(failed.out()).isEqualTo("out\n");
    assertThat(failed.err()).contains("err", "command terminated with exit code 7");
    // the seed's podnet-01: the ubuntu container curls nginx over the pod's shared localhost
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(kubectl.run("logs", "podnet-01", "-c", "ubuntu").ok().out()).contains("Welcome to nginx!"));
    // kubectl run -i --rm: attached (or, the container being that quick, its log), then the pod deleted
    Kubectl.Result once = kubectl.run("run", "-i", "--rm", "--restart=Never", "--image=ubuntu", "once", "--", "sh", "-c",
        "echo from-pod");
    assertThat(once.out()).contains("from-pod", "pod \"once\" deleted");
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process forward = kubectl.start("port-forward", "pod/nginx-for-service", port + ":80");
    try {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Process c = new ProcessBuilder("curl", "-s", "-m", "3", "http://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
        assertThat(new String(c.getInputStream().readAllBytes())).contains("Welcome to nginx!");
      });
    } finally {
      forward.destroy();
      forward.waitFor();
    }
  }

  /**
   * The seed's Service section on real nodes: kube-proxy's DaemonSet (kubeadm's, installed by the server) runs on
   * each node and programs nftables, so a cluster IP answers from a pod on the other node, and the NodePort on
   * every node from the host and from the LAN client; `netkube trace` tells the path the packet takes.
   */
  @Test
  @Order(4)
  void kubeProxyRunsOnEveryNodeAndServicesAnswerByClusterIpAndNodePort() throws Exception {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kubectl.run("-n", "kube-system", "get", "pods", "-l",
        "k8s-app=kube-proxy", "-o", "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase} {.status.containerStatuses[0].ready}{\"\\n\"}{end}")
        .ok().out()).as(agentLogs()).contains("node-1 Running true", "node-2 Running true"));
    kubectl.run("apply", "-f", seed("clusterip-service.yaml"), "-f", seed("nodeport-service.yaml")).ok();
    String clusterIp = kubectl.run("get", "svc", "clusterip-service", "-o", "jsonpath={.spec.clusterIP}").ok().out();
    // podnet-01's ubuntu container, wherever it runs, to the cluster IP: DNATed to nginx-for-service
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("exec", "podnet-01", "-c", "ubuntu", "--",
        "curl", "-s", "-m", "3", "http://" + clusterIp + "/").out()).contains("Welcome to nginx!"));
    String nginxNode = kubectl.run("get", "pod", "nginx-for-service", "-o", "jsonpath={.spec.nodeName}").ok().out();
    for (int node = 1; node <= 2; node++) {
      String url = "http://" + cluster.nodeIp(node) + ":30000/";
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        Process host = new ProcessBuilder("curl", "-s", "-m", "3", url).redirectErrorStream(true).start();
        assertThat(new String(host.getInputStream().readAllBytes())).as("from the host: " + url).contains("Welcome to nginx!");
      });
      assertThat(cluster.lan("curl", "-s", "-m", "3", url).output()).as("from the LAN client: " + url).contains("Welcome to nginx!");
    }
    // the rules are kube-proxy's own layout, in the node's namespace
    assertThat(cluster.onNode(1, "nft", "list", "table", "ip", "kube-proxy").output())
        .contains("ip daddr . meta l4proto . th dport vmap @service-ips", clusterIp + " . tcp . 80 : goto service-");
    // netkube trace names the path: from the LAN to the NodePort of the node without the pod, DNAT to the pod
    int other = nginxNode.equals("node-1") ? 2 : 1;
    NodeCluster.Result trace = cluster.netkube("trace", "--from", "lan", "--to", "node-" + other + ":30000");
    assertThat(trace.output()).contains("DNAT to", "pod default/nginx-for-service on " + nginxNode);
    // a service without endpoints is refused at once
    kubectl.runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: nobody\nspec:\n  selector:\n    app: nobody\n"
        + "  ports:\n  - port: 80\n", "apply", "-f", "-").ok();
    String nobody = kubectl.run("get", "svc", "nobody", "-o", "jsonpath={.spec.clusterIP}").ok().out();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Kubectl.Result refused = kubectl.run("exec", "podnet-01", "-c", "ubuntu", "--", "curl", "-s", "-S", "-m", "3", "http://" + nobody + "/");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.err()).contains("Couldn't connect to server");
    });
    kubectl.run("delete", "svc", "nobody", "nodeport-service").ok();
  }

  /**
   * The seed's DNS section: kubeadm's CoreDNS add-on (installed by the server) runs netkube's DNS in two pods behind
   * kube-dns at 10.96.0.10, and a pod reaches a service by its short name through the search path.
   */
  @Test
  @Order(5)
  void coreDnsServesTheClusterAndAPodReachesAServiceByName() {
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(kubectl.run("-n", "kube-system", "get", "pods", "-l",
        "k8s-app=kube-dns", "-o", "jsonpath={range .items[*]}{.status.phase} {.status.containerStatuses[0].ready}"
            + " {.status.containerStatuses[0].restartCount}{\"\\n\"}{end}")
        .ok().out()).as(agentLogs()).isEqualTo("Running true 0\nRunning true 0\n")); // no restart: no false loop
    assertThat(kubectl.run("-n", "kube-system", "get", "svc", "kube-dns").ok().out())
        .contains("10.96.0.10", "53/UDP,53/TCP,9153/TCP");
    assertThat(kubectl.run("-n", "kube-system", "describe", "configmap", "coredns").ok().out())
        .contains("kubernetes cluster.local in-addr.arpa ip6.arpa {", "forward . /etc/resolv.conf {");
    String clusterIp = kubectl.run("get", "svc", "clusterip-service", "-o", "jsonpath={.spec.clusterIP}").ok().out();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("exec", "podnet-01", "-c", "ubuntu", "--",
        "dig", "+short", "clusterip-service.default.svc.cluster.local").out()).isEqualTo(clusterIp + "\n"));
    // the seed's curl by the service's short name: the search path, DNS over the kube-dns cluster IP, then the proxy
    assertThat(kubectl.run("exec", "podnet-01", "-c", "ubuntu", "--", "curl", "-s", "-m", "5", "http://clusterip-service/").out())
        .contains("Welcome to nginx!");
    assertThat(kubectl.run("exec", "podnet-01", "-c", "ubuntu", "--", "dig", "+short", "nosuch.default.svc.cluster.local").ok().out())
        .isEmpty();
    // the seed's other names: a service in another namespace, a pod's hostname.subdomain (with its headless service),
    // the reverse name of a cluster IP, a named port's SRV record, and an ExternalName's CNAME
    kubectl.run("create", "namespace", "monitoring").ok();
    kubectl.run("apply", "-f", seed("prometheus-app-service.yaml"), "-f", seed("kubernetes-simple-app.yaml"),
        "-f", seed("default-subdomain-service.yaml")).ok();
    kubectl.runWithInput("apiVersion: v1\nkind: Service\nmetadata:\n  name: search-engine\nspec:\n  type: ExternalName\n"
        + "  externalName: www.example.com\n", "apply", "-f", "-").ok();
    String prometheusIp = kubectl.run("-n", "monitoring", "get", "svc", "prometheus-app", "-o", "jsonpath={.spec.clusterIP}").ok().out();
    assertThat(dig("prometheus-app.monitoring.svc.cluster.local")).isEqualTo(prometheusIp + "\n");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kubectl.run("get", "pods", "-l", "app=kubernetes-simple-app",
        "-o", "jsonpath={.items[0].status.containerStatuses[0].ready}").out()).isEqualTo("true"));
    String appIp = kubectl.run("get", "pods", "-l", "app=kubernetes-simple-app", "-o", "jsonpath={.items[0].status.podIP}").ok().out();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(dig("appname.default-subdomain.default.svc.cluster.local")).isEqualTo(appIp + "\n"));
    assertThat(dig("SRV", "_http._tcp.default-subdomain.default.svc.cluster.local"))
        .isEqualTo("0 100 8080 appname.default-subdomain.default.svc.cluster.local.\n");
    assertThat(dig("-x", clusterIp)).isEqualTo("clusterip-service.default.svc.cluster.local.\n");
    assertThat(dig("CNAME", "search-engine.default.svc.cluster.local")).isEqualTo("www.example.com.\n");
    kubectl.run("delete", "namespace", "monitoring", "--wait=false").ok();
    kubectl.run("delete", "svc", "search-engine").ok();
  }

  /** {@code dig +short ARGS} from podnet-01's ubuntu container: the pod's resolv.conf, so kube-dns. */
  private String dig(String... args) {
    List<String> cmd = new ArrayList<>(List.of("exec", "podnet-01", "-c", "ubuntu", "--", "dig", "+short"));
    cmd.addAll(List.of(args));
    return kubectl.run(cmd.toArray(String[]::new)).ok().out();
  }

  @Test
  @Order(6)
  void theSeedsDnsTestPodGetsTheResolvConfOfItsDnsConfig() {
    kubectl.run("apply", "-f", seed("dns-test.yaml")).ok();
    waitRunning("dns-test");
    String resolv = kubectl.run("exec", "dns-test", "--", "cat", "/etc/resolv.conf").ok().out();
    assertThat(resolv).contains("nameserver 10.96.0.10\nnameserver 8.8.8.8\n",
        "search default.svc.cluster.local svc.cluster.local cluster.local", "options name01:value01 name02 ndots:5");
    assertThat(kubectl.run("exec", "podnet-01", "-c", "ubuntu", "--", "cat", "/etc/resolv.conf").ok().out())
        .isEqualTo("nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n");
    assertThat(kubectl.run("exec", "podnet-01", "-c", "ubuntu", "--", "hostname").ok().out()).isEqualTo("podnet-01\n");
  }

  @Test
  @Order(7)
  void initContainersHostNetworkPodsAndUsersImagesRunAsUpstreamSays() throws Exception {
    kubectl.runWithInput("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: netkube-images, namespace: kube-system}
        data:
          hello: |
            image: example.com/team/hello
            entrypoint: [/bin/sh, -c]
            cmd: ["echo hello-from-a-user-image; exec sleep 3600"]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: staged}
        spec:
          initContainers:
          - {name: prepare, image: busybox, command: [sh, -c, "echo init-done"]}
          containers:
          - {name: main, image: example.com/team/hello}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: on-the-node}
        spec:
          hostNetwork: true
          containers:
          - {name: echo, image: hashicorp/http-echo, args: ["-text=from-the-node", "-listen=:5680"]}
        """, "apply", "-f", "-").ok();
    waitRunning("staged");
    assertThat(kubectl.run("get", "pod", "staged", "-o",
        "jsonpath={.status.initContainerStatuses[0].state.terminated.reason}").ok().out()).isEqualTo("Completed");
    assertThat(kubectl.run("logs", "staged", "-c", "prepare").ok().out()).isEqualTo("init-done\n");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(kubectl.run("logs", "staged", "-c", "main").ok().out()).isEqualTo("hello-from-a-user-image\n"));
    waitRunning("on-the-node");
    String node = kubectl.run("get", "pod", "on-the-node", "-o", "jsonpath={.spec.nodeName}").ok().out();
    String podIp = kubectl.run("get", "pod", "on-the-node", "-o", "jsonpath={.status.podIP}").ok().out();
    assertThat(podIp).isEqualTo(cluster.nodeIp(Integer.parseInt(node.substring("node-".length()))));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Process c = new ProcessBuilder("curl", "-s", "-m", "3", "http://" + podIp + ":5680/").redirectErrorStream(true).start();
      assertThat(new String(c.getInputStream().readAllBytes())).isEqualTo("from-the-node\n");
    });
  }

  @Test
  @Order(8)
  void aCrashingContainerIsInCrashLoopBackOffAndAnUnknownImageInImagePullErrors() {
    kubectl.run("run", "crash", "--image=ubuntu", "--", "sh", "-c", "exit 3").ok();
    kubectl.run("run", "nosuch", "--image=nosuchimage/xyz").ok();
    await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
      String out = kubectl.run("get", "pods", "crash", "nosuch", "--no-headers").ok().out();
      assertThat(out).containsPattern("crash\\s+0/1\\s+CrashLoopBackOff\\s+[1-9]");
      assertThat(out).containsPattern("nosuch\\s+0/1\\s+(ErrImagePull|ImagePullBackOff)");
    });
    assertThat(kubectl.run("get", "pod", "crash", "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}")
        .ok().out()).isEqualTo("3");
    assertThat(kubectl.run("describe", "pod", "nosuch").ok().out())
        .contains("failed to pull and unpack image \"docker.io/nosuchimage/xyz:latest\"");
  }

  @Test
  @Order(9)
  void aReadinessProbeDecidesTheReadyCondition() {
    kubectl.runWithInput("""
        apiVersion: v1
        kind: Pod
        metadata: {name: ready-yes}
        spec:
          containers:
          - name: web
            image: nginx
            readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: ready-no}
        spec:
          containers:
          - name: web
            image: nginx
            readinessProbe: {tcpSocket: {port: 81}, periodSeconds: 1, failureThreshold: 1}
        """, "apply", "-f", "-").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(condition("ready-yes", "Ready")).isEqualTo("True");
      assertThat(kubectl.run("get", "pod", "ready-no", "-o", "jsonpath={.status.phase}").ok().out()).isEqualTo("Running");
      assertThat(kubectl.run("describe", "pod", "ready-no").ok().out()).contains("Readiness probe failed:");
    });
    assertThat(condition("ready-no", "Ready")).isEqualTo("False");
  }

  @Test
  @Order(10)
  void deletingAPodStopsItsContainersAndFreesItsNetwork() {
    kubectl.run("delete", "pod", "ready-yes", "--wait=true", "--timeout=60s").ok();
    assertThat(kubectl.run("get", "pod", "ready-yes", "--ignore-not-found").ok().out()).isEmpty();
  }

  @Test
  @Order(11)
  void volumesConfigMapSecretEmptyDirAndTheServiceAccountTokenWorkAndFollowTheirSources() {
    kubectl.runWithInput("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config}
        data: {app.conf: "color=blue\\n"}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: app-secret}
        stringData: {username: admin, password: s3cr3t}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: volumes}
        spec:
          containers:
          - name: writer
            image: ubuntu
            command: [sh, -c, "echo from-writer > /shared/hello; exec sleep 3600"]
            volumeMounts:
            - {name: config, mountPath: /etc/app}
            - {name: creds, mountPath: /etc/creds}
            - {name: shared, mountPath: /shared}
          - name: reader
            image: ubuntu
            command: [sleep, "3600"]
            volumeMounts:
            - {name: shared, mountPath: /data, readOnly: true}
            - {name: ram, mountPath: /ram}
          volumes:
          - {name: config, configMap: {name: app-config}}
          - name: creds
            secret:
              secretName: app-secret
              defaultMode: 0440
              items: [{key: password, path: db/password, mode: 0400}, {key: username, path: user}]
          - {name: shared, emptyDir: {}}
          - {name: ram, emptyDir: {medium: Memory}}
        """, "apply", "-f", "-").ok();
    waitRunning("volumes");
    // the admission's volume, as upstream writes it
    assertThat(kubectl.run("get", "pod", "volumes", "-o", "jsonpath={.spec.volumes[4].projected.sources[0].serviceAccountToken}"
        + " {.spec.containers[1].volumeMounts[2]}").ok().out())
        .matches("\\{\"expirationSeconds\":3607,\"path\":\"token\"\\} \\{\"mountPath\":\"/var/run/secrets/kubernetes.io/"
            + "serviceaccount\",\"name\":\"kube-api-access-[a-z0-9]{5}\",\"readOnly\":true\\}");
    assertThat(exec("volumes", "writer", "cat", "/etc/app/app.conf")).isEqualTo("color=blue\n");
    assertThat(exec("volumes", "writer", "sh", "-c", "ls -a /etc/app | tr '\\n' ' '"))
        .matches("\\. \\.\\. \\.\\.2\\d{3}_\\d\\d_\\d\\d_\\d\\d_\\d\\d_\\d\\d\\.\\d+ \\.\\.data app\\.conf ");
    assertThat(exec("volumes", "writer", "sh", "-c", "cat /etc/creds/db/password; echo; cat /etc/creds/user; echo;"
        + " stat -L -c %a /etc/creds/db/password /etc/creds/user")).isEqualTo("s3cr3t\nadmin\n400\n440\n");
    // secrets and tokens are kept in memory, as kubelet keeps them on a tmpfs
    assertThat(exec("volumes", "writer", "stat", "-f", "-c", "%T", "/etc/creds", "/var/run/secrets/kubernetes.io/serviceaccount"))
        .isEqualTo("tmpfs\ntmpfs\n");
    assertThat(kubectl.run("exec", "volumes", "-c", "writer", "--", "sh", "-c", "echo x > /etc/app/new").exitCode()).isNotZero();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(exec("volumes", "reader", "cat", "/data/hello")).isEqualTo("from-writer\n"));
    assertThat(kubectl.run("exec", "volumes", "-c", "reader", "--", "sh", "-c", "echo x > /data/other").exitCode()).isNotZero();
    assertThat(exec("volumes", "reader", "sh", "-c", "echo r > /ram/f && cat /ram/f && stat -f -c %T /ram")).isEqualTo("r\ntmpfs\n");
    // the token authenticates this pod's service account against the API server, verified with the projected CA
    String sa = "/var/run/secrets/kubernetes.io/serviceaccount";
    assertThat(exec("volumes", "reader", "sh", "-c", "cat " + sa + "/namespace; echo; curl -s -o /dev/null -w '%{http_code}'"
        + " --cacert " + sa + "/ca.crt -H \"Authorization: Bearer $(cat " + sa + "/token)\" " + cluster.serverOnLan() + "/api"))
        .isEqualTo("default\n200");
    // a ConfigMap edited: the file changes in the running pod
    kubectl.run("patch", "configmap", "app-config", "-p", "{\"data\":{\"app.conf\":\"color=green\\n\"}}").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(exec("volumes", "writer", "cat", "/etc/app/app.conf")).isEqualTo("color=green\n"));
  }

  @Test
  @Order(12)
  void aMissingConfigMapKeepsThePodContainerCreatingWithFailedMountUntilItIsMade() {
    kubectl.runWithInput("""
        apiVersion: v1
        kind: Pod
        metadata: {name: needs-config}
        spec:
          containers:
          - {name: app, image: ubuntu, command: [sleep, "3600"], volumeMounts: [{name: config, mountPath: /etc/later}]}
          volumes:
          - {name: config, configMap: {name: made-later}}
        """, "apply", "-f", "-").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("describe", "pod", "needs-config").ok().out())
        .contains("FailedMount", "MountVolume.SetUp failed for volume \"config\" : configmap \"made-later\" not found"));
    assertThat(kubectl.run("get", "pod", "needs-config", "--no-headers").ok().out()).containsPattern("needs-config\\s+0/1\\s+ContainerCreating");
    kubectl.run("create", "configmap", "made-later", "--from-literal=k=v").ok();
    waitRunning("needs-config");
    assertThat(exec("needs-config", "app", "cat", "/etc/later/k")).isEqualTo("v");
    // a service account that does not exist: the ServiceAccount admission refuses the pod
    Kubectl.Result refused = kubectl.run("run", "no-account", "--image=ubuntu", "--overrides",
        "{\"spec\":{\"serviceAccountName\":\"nope\"}}", "--", "sleep", "1");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("pods \"no-account\" is forbidden: error looking up service account default/nope: "
        + "serviceaccount \"nope\" not found");
  }

  @Test
  @Order(13)
  void hostPathsAreCheckedOrCreatedAsTheirTypeSaysAndDownwardApiFilesFollowTheLabels() throws Exception {
    java.nio.file.Path lock = cluster.home().resolve("host/xtables.lock");
    java.nio.file.Files.createDirectories(lock.getParent());
    java.nio.file.Path made = cluster.home().resolve("host/made/here");
    java.nio.file.Path missing = cluster.home().resolve("host/missing");
    kubectl.runWithInput("""
        apiVersion: v1
        kind: Pod
        metadata: {name: host-paths, labels: {v: "1"}}
        spec:
          containers:
          - name: app
            image: ubuntu
            command: [sleep, "3600"]
            volumeMounts:
            - {name: xtables-lock, mountPath: /run/xtables.lock}
            - {name: made, mountPath: /made}
            - {name: info, mountPath: /etc/podinfo}
          volumes:
          - {name: xtables-lock, hostPath: {path: %s, type: FileOrCreate}}
          - {name: made, hostPath: {path: %s, type: DirectoryOrCreate}}
          - name: info
            downwardAPI:
              items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: bad-host-path}
        spec:
          containers:
          - {name: app, image: ubuntu, command: [sleep, "3600"], volumeMounts: [{name: m, mountPath: /m}]}
          volumes:
          - {name: m, hostPath: {path: %s, type: Directory}}
        """.formatted(lock, made, missing), "apply", "-f", "-").ok();
    waitRunning("host-paths");
    assertThat(java.nio.file.Files.isRegularFile(lock)).isTrue();
    assertThat(java.nio.file.Files.isDirectory(made)).isTrue();
    exec("host-paths", "app", "sh", "-c", "echo from-pod > /made/f");
    assertThat(java.nio.file.Files.readString(made.resolve("f"))).isEqualTo("from-pod\n"); // the node's path is the machine's
    assertThat(exec("host-paths", "app", "cat", "/etc/podinfo/labels")).isEqualTo("v=\"1\"");
    kubectl.run("label", "pod", "host-paths", "v=2", "--overwrite").ok();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(exec("host-paths", "app", "cat", "/etc/podinfo/labels")).isEqualTo("v=\"2\""));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("describe", "pod", "bad-host-path").ok().out())
        .contains("MountVolume.SetUp failed for volume \"m\" : hostPath type check failed: " + missing + " is not a directory"));
    assertThat(java.nio.file.Files.exists(missing)).isFalse();
    kubectl.run("delete", "pod", "host-paths", "bad-host-path", "--wait=true", "--timeout=60s").ok();
    assertThat(java.nio.file.Files.isRegularFile(lock)).as("hostPath's paths are the node's: they stay").isTrue();
  }

  @Test
  @Order(14)
  void aNodeWhoseAgentIsKilledTurnsNotReady() throws Exception {
    ProcessHandle.of(cluster.agentPid(2)).ifPresent(ProcessHandle::destroyForcibly);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(kubectl.run("get", "node", "node-2", "--no-headers").ok().out()).contains("NotReady"));
  }

  private static String exec(String pod, String container, String... command) {
    List<String> args = new java.util.ArrayList<>(List.of("exec", pod, "-c", container, "--"));
    args.addAll(List.of(command));
    return kubectl.run(args.toArray(String[]::new)).ok().out();
  }

  private String condition(String pod, String type) {
    return kubectl.run("get", "pod", pod, "-o", "jsonpath={.status.conditions[?(@.type==\"" + type + "\")].status}").ok().out();
  }

  private void waitRunning(String pod) {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "pod", pod, "-o",
        "jsonpath={.status.phase}").ok().out()).as(pod + "; agent logs:\n" + agentLogs()).isEqualTo("Running"));
  }

  private static String agentLogs() {
    try {
      return cluster.agentLog(1) + "\n" + cluster.agentLog(2);
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static String seed(String name) { return TestCluster.seedManifest(name).toString(); }
}
