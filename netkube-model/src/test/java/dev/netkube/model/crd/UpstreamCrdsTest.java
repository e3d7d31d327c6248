package dev.netkube.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ResourceType;
import dev.netkube.model.table.Column;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UpstreamCrdsTest {
  private final List<ObjectNode> crds = Fixtures.upstreamCrds();

  @Test
  void metallbCrdsAreAllFound() {
    assertThat(crds.stream().map(c -> c.path("metadata").path("name").asText()).collect(Collectors.toList()))
        .containsExactly("addresspools.metallb.io", "bfdprofiles.metallb.io", "bgpadvertisements.metallb.io",
            "bgppeers.metallb.io", "communities.metallb.io", "ipaddresspools.metallb.io", "l2advertisements.metallb.io");
  }

  @Test
  void everyUpstreamCrdIsAcceptedUnchanged() {
    for (ObjectNode crd : crds) {
      ObjectNode copy = crd.deepCopy();
      CrdDefaults.apply(copy);
      assertThat(CrdValidation.validate(copy, null)).as(crd.path("metadata").path("name").asText()).isEmpty();
      assertThat(CrdValidation.validate(copy, copy.deepCopy())).isEmpty();
    }
  }

  @Test
  void conversionWebhookCrdServesBothVersions() {
    ObjectNode bgppeers = byName("bgppeers.metallb.io");
    CrdDefaults.apply(bgppeers);
    List<ResourceType> types = CrdResources.types(bgppeers);
    assertThat(types).extracting(ResourceType::version).containsExactly("v1beta1", "v1beta2");
    ResourceType t = types.get(1);
    assertThat(t.group()).isEqualTo("metallb.io");
    assertThat(t.kind()).isEqualTo("BGPPeer");
    assertThat(t.plural()).isEqualTo("bgppeers");
    assertThat(t.singular()).isEqualTo("bgppeer");
    assertThat(t.namespaced()).isTrue();
    assertThat(t.subresources()).isEqualTo(Set.of("status"));
    assertThat(bgppeers.path("spec").path("conversion").path("webhook").path("clientConfig").path("service").path("port").asInt())
        .isEqualTo(443);
    assertThat(bgppeers.path("status").path("storedVersions").toString()).isEqualTo("[\"v1beta2\"]");
  }

  @Test
  void ipAddressPoolPrintsItsUpstreamColumns() {
    ObjectNode crd = byName("ipaddresspools.metallb.io");
    CustomResourceTablePrinter printer = CustomResourceTablePrinter.forVersion(crd, "v1beta1");
    assertThat(printer.columns()).extracting(Column::name)
        .containsExactly("Name", "Auto Assign", "Avoid Buggy IPs", "Addresses");
    ObjectNode pool = Fixtures.yaml("""
        apiVersion: metallb.io/v1beta1
        kind: IPAddressPool
        metadata: {name: first-pool, namespace: metallb-system}
        spec:
          addresses: [192.168.10.240-192.168.10.250]
        """);
    CustomResourceStrategy strategy = CustomResourceStrategy.forVersion(crd, "v1beta1");
    strategy.applyDefaults(pool);
    assertThat(strategy.validateCreate(pool)).isEmpty();
    assertThat(printer.cells(pool, Instant.now()))
        .containsExactly("first-pool", true, false, "[\"192.168.10.240-192.168.10.250\"]");
  }

  @Test
  void l2AdvertisementAcceptsTheSeedShape() {
    ObjectNode crd = byName("l2advertisements.metallb.io");
    ObjectNode adv = Fixtures.yaml("""
        apiVersion: metallb.io/v1beta1
        kind: L2Advertisement
        metadata: {name: example, namespace: metallb-system}
        spec:
          ipAddressPools: [first-pool]
          unknownField: x
        """);
    CustomResourceStrategy strategy = CustomResourceStrategy.forVersion(crd, "v1beta1");
    assertThat(strategy.prune(adv)).containsExactly("spec.unknownField");
    strategy.applyDefaults(adv);
    assertThat(strategy.validateCreate(adv)).isEmpty();
    assertThat(adv.path("spec").toString()).isEqualTo("{\"ipAddressPools\":[\"first-pool\"]}");
  }

  @Test
  void deprecatedVersionsWarnAndDiscoveryPrefersTheHighestVersion() {
    ObjectNode pools = byName("addresspools.metallb.io");
    assertThat(CrdResources.deprecationWarning(pools, "v1alpha1"))
        .contains("metallb.io v1alpha1 AddressPool is deprecated");
    ObjectNode peers = byName("bgppeers.metallb.io");
    assertThat(CrdResources.deprecationWarning(peers, "v1beta2")).isEqualTo(Optional.empty());
    assertThat(CrdResources.servedVersionsByPriority(peers)).containsExactly("v1beta2", "v1beta1");
    ObjectNode mixed = Fixtures.crontabCrd();
    ObjectNode v1 = (ObjectNode) mixed.path("spec").path("versions").get(0);
    v1.put("deprecated", true);
    for (String name : List.of("v2alpha1", "v1beta3", "v10", "foo")) {
      mixed.withArray("/spec/versions").add(v1.deepCopy().put("name", name).put("storage", false).put("deprecated", false));
    }
    assertThat(CrdResources.servedVersionsByPriority(mixed)).containsExactly("v10", "v1", "v1beta3", "v2alpha1", "foo");
    assertThat(CrdResources.deprecationWarning(mixed, "v1"))
        .contains("stable.example.com/v1 CronTab is deprecated; use stable.example.com/v10 CronTab");
  }

  private ObjectNode byName(String name) {
    return crds.stream().filter(c -> c.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow()
        .deepCopy();
  }
}
