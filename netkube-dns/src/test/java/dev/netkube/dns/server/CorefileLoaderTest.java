package dev.netkube.dns.server;

import dev.netkube.dns.corefile.KubeadmCorefile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.ImportSource;
import dev.netkube.dns.plugin.ParsedPlugin;
import dev.netkube.dns.plugin.PluginRegistry;
import dev.netkube.dns.plugin.cache.CacheConfig;
import dev.netkube.dns.plugin.forward.ForwardConfig;
import dev.netkube.dns.plugin.forward.ForwardSetup;
import dev.netkube.dns.plugin.health.HealthSetup;
import dev.netkube.dns.plugin.kubernetes.KubernetesConfig;
import dev.netkube.dns.plugin.reload.ReloadSetup;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every plugin's parse step: kubeadm's Corefile into config records, and bad input refused in CoreDNS's words. */
class CorefileLoaderTest {
  @TempDir Path dir;

  private LoadedCorefile load(String text) throws Exception {
    Path resolv = dir.resolve("resolv.conf");
    Files.writeString(resolv, "search example.org\nnameserver 192.0.2.53\nnameserver 192.0.2.54\n");
    ForwardSetup forward = new ForwardSetup(name -> name.equals("/etc/resolv.conf") ? resolv : Path.of(name));
    return new CorefileLoader(PluginRegistry.withForward(forward), k -> null, ImportSource.NONE, 53).load("Corefile", text);
  }

  private static final String KUBEADM = KubeadmCorefile.DEFAULT;

  @Test
  void kubeadmsCorefileBecomesConfigRecordsInPluginCfgOrder() throws Exception {
    LoadedCorefile loaded = load(KUBEADM);
    ServerBlockConfig b = loaded.blocks().get(0);
    assertThat(b.zones()).containsExactly(".");
    assertThat(b.port()).isEqualTo(53);
    assertThat(b.plugins()).extracting(ParsedPlugin::name).containsExactly("reload", "ready", "health", "prometheus",
        "errors", "loadbalance", "cache", "kubernetes", "loop", "forward");
    assertThat(loaded.warnings()).isEmpty();
    KubernetesConfig k = b.config("kubernetes", KubernetesConfig.class).orElseThrow();
    assertThat(k.zones()).containsExactly("cluster.local.", "in-addr.arpa.", "ip6.arpa.");
    assertThat(k.pods()).isEqualTo(KubernetesConfig.PodMode.INSECURE);
    assertThat(k.ttl()).isEqualTo(30);
    assertThat(k.fallthrough().through("4.3.2.1.in-addr.arpa.")).isTrue();
    assertThat(k.fallthrough().through("x.cluster.local.")).isFalse();
    ForwardConfig f = b.config("forward", ForwardConfig.class).orElseThrow();
    assertThat(f.to()).containsExactly(new InetSocketAddress("192.0.2.53", 53), new InetSocketAddress("192.0.2.54", 53));
    assertThat(f.maxConcurrent()).isEqualTo(1000);
    assertThat(f.policy()).isEqualTo(ForwardConfig.Policy.RANDOM);
    assertThat(f.maxFails()).isEqualTo(2);
    assertThat(f.healthCheck()).isEqualTo(Duration.ofMillis(500));
    CacheConfig c = b.config("cache", CacheConfig.class).orElseThrow();
    assertThat(List.of(c.successMaxTtl(), c.denialMaxTtl(), c.successCapacity(), c.denialCapacity(), c.successMinTtl()))
        .containsExactly(30, 30, 9984, 9984, 5);
    assertThat(b.config("health", HealthSetup.Config.class).orElseThrow()).isEqualTo(new HealthSetup.Config(":8080", Duration.ofSeconds(5)));
    assertThat(b.config("reload", ReloadSetup.Config.class).orElseThrow())
        .isEqualTo(new ReloadSetup.Config(Duration.ofSeconds(30), Duration.ofSeconds(15)));
  }

  @Test
  void defaultsOfAMinimalBlock() throws Exception {
    ServerBlockConfig b = load("cluster.local:1053 {\n kubernetes\n cache {\n success 100 60 10\n denial 50\n servfail 2s\n }\n}\n").blocks().get(0);
    KubernetesConfig k = b.config("kubernetes", KubernetesConfig.class).orElseThrow();
    assertThat(k.zones()).containsExactly("cluster.local.");
    assertThat(k.ttl()).isEqualTo(5);
    assertThat(k.pods()).isEqualTo(KubernetesConfig.PodMode.DISABLED);
    assertThat(k.startupTimeout()).isEqualTo(Duration.ofSeconds(5));
    CacheConfig c = b.config("cache", CacheConfig.class).orElseThrow();
    assertThat(List.of(c.successCapacity(), c.successMaxTtl(), c.successMinTtl(), c.denialCapacity(), c.denialMaxTtl()))
        .containsExactly(100, 60, 10, 50, 1800);
    assertThat(c.servfail()).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.port()).isEqualTo(1053);
  }

  @Test
  void rewriteHostsTemplateAndAutopathLoadServedWithoutWarnings() throws Exception {
    LoadedCorefile loaded = load(". {\n rewrite name exact a.example.org b.example.org\n hosts {\n 10.0.0.1 a.example.org\n }\n"
        + " template IN A example.org {\n answer \"{{ .Name }} 60 IN A 127.0.0.1\"\n }\n autopath @kubernetes\n kubernetes cluster.local\n}\n");
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.blocks().get(0).plugins()).extracting(ParsedPlugin::name)
        .containsExactly("rewrite", "autopath", "template", "hosts", "kubernetes");
  }

  @Test
  void duplicateZonesAndUnknownOrForeignPlugins() {
    assertThatThrownBy(() -> load(".:53 {\n errors\n}\n.:53 {\n log\n}\n"))
        .isInstanceOf(CorefileException.class).hasMessage("cannot serve dns://.:53 - it is already defined");
    assertThatThrownBy(() -> load(".:53 {\n foo\n}\n")).hasMessage("Corefile:2 - Error during parsing: Unknown directive 'foo'");
    assertThatThrownBy(() -> load(".:53 {\n etcd\n}\n")).hasMessage("Corefile:2 - Error during parsing: plugin/etcd: this CoreDNS plugin is not part of netkube");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      kubernetes cluster.local {\\n pods foo\\n }          | plugin/kubernetes: Corefile:3 - Error during parsing: wrong value for pods: foo,  must be one of: disabled, verified, insecure
      kubernetes cluster.local {\\n pods\\n }              | plugin/kubernetes: Corefile:3 - Error during parsing: Wrong argument count or unexpected line ending after 'pods'
      kubernetes cluster.local {\\n ttl 4000\\n }          | plugin/kubernetes: Corefile:3 - Error during parsing: ttl must be in range [0, 3600]: 4000
      kubernetes cluster.local {\\n ttl x\\n }             | plugin/kubernetes: strconv.Atoi: parsing "x": invalid syntax
      kubernetes cluster.local {\\n bogus\\n }             | plugin/kubernetes: Corefile:3 - Error during parsing: unknown property 'bogus'
      kubernetes cluster.local {\\n ignore foo\\n }        | plugin/kubernetes: unable to parse ignore value: 'foo'
      kubernetes cluster.local {\\n startup_timeout 5\\n } | plugin/kubernetes: time: missing unit in duration "5"
      kubernetes\\n kubernetes                             | plugin/kubernetes: this plugin can only be used once per Server Block
      forward                                             | plugin/forward: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after 'forward'
      forward .                                           | plugin/forward: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after '.'
      forward . not-an-address                            | plugin/forward: not an IP address or file: "not-an-address"
      forward . 1.1.1.1 {\\n policy fastest\\n }           | plugin/forward: Corefile:3 - Error during parsing: unknown policy 'fastest'
      forward . 1.1.1.1 {\\n max_fails -1\\n }             | plugin/forward: Corefile:3 - Error during parsing: max_fails can't be negative: -1
      forward . 1.1.1.1 {\\n max_concurrent -5\\n }        | plugin/forward: Corefile:3 - Error during parsing: max_concurrent can't be negative: -5
      forward . 1.1.1.1 {\\n bogus\\n }                    | plugin/forward: Corefile:3 - Error during parsing: unknown property 'bogus'
      forward . 1.1.1.1 {\\n force_tcp\\n prefer_udp\\n }  | plugin/forward: force_tcp and prefer_udp can not be set at the same time
      forward . 1.1.1.1 {\\n health_check x\\n }           | plugin/forward: time: invalid duration "x"
      cache 0                                             | plugin/cache: cache TTL can not be zero or negative: 0
      cache {\\n success 0\\n }                            | plugin/cache: cache capacity can not be zero or negative: 0
      cache {\\n success 10 -1\\n }                        | plugin/cache: cache TTL can not be zero or negative: -1
      cache {\\n servfail 10m\\n }                         | plugin/cache: caching SERVFAIL responses over 5 minutes is not permitted
      cache {\\n bogus\\n }                                | plugin/cache: Corefile:3 - Error during parsing: Wrong argument count or unexpected line ending after 'bogus'
      health :8080 :8081                                  | plugin/health: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after ':8081'
      health {\\n lameduck soon\\n }                       | plugin/health: Corefile:3 - Error during parsing: unable to parse lameduck duration value: 'soon' : time: invalid duration "soon"
      ready :8181 :8182                                   | plugin/ready: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after ':8182'
      prometheus a b                                      | plugin/prometheus: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after 'b'
      reload 1s                                           | plugin/reload: interval value must be greater or equal to 2s
      reload 10s 500ms                                    | plugin/reload: jitter value must be greater or equal to 1s
      reload x                                            | plugin/reload: time: invalid duration "x"
      loop foo                                            | plugin/loop: Corefile:2 - Error during parsing: Wrong argument count or unexpected line ending after 'foo'
      loadbalance weighted                                | plugin/loadbalance: unknown policy: weighted
      errors /var/log/errors                              | plugin/errors: Corefile:2 - Error during parsing: invalid log file: /var/log/errors
      log {\\n class bogus\\n }                            | plugin/log: Corefile:3 - Error during parsing: invalid class 'bogus'
      rewrite bogus a b                                   | plugin/rewrite: invalid rule type "bogus"
      template IN BOGUS                                   | plugin/template: Corefile:2 - Error during parsing: invalid RR class BOGUS
      autopath @etcd                                      | plugin/autopath: etcd does not implement the AutoPather interface (netkube: only @kubernetes does)
      hosts {\\n ttl x\\n }                                | plugin/hosts: Corefile:3 - Error during parsing: ttl needs a number of second
      """)
  void badInputIsRefusedInCoreDnsWords(String block, String message) {
    String text = ".:53 {\n " + block.replace("\\n", "\n") + "\n}\n";
    assertThatThrownBy(() -> load(text)).isInstanceOf(CorefileException.class).hasMessage(message);
  }
}
