package dev.netkube.cli.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigUpdaterTest {
  static final KubeconfigEntry NETKUBE = new KubeconfigEntry("netkube", "https://127.0.0.1:6443",
      "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
      "-----BEGIN CERTIFICATE-----\nADMIN\n-----END CERTIFICATE-----\n",
      "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n");

  static final String KIND_CONFIG = """
      apiVersion: v1
      clusters:
      - cluster:
          certificate-authority-data: S0lORA==
          server: https://127.0.0.1:40000
        name: kind-kind
      contexts:
      - context:
          cluster: kind-kind
          namespace: team-a
          user: kind-kind
        name: kind-kind
      current-context: kind-kind
      kind: Config
      preferences:
        colors: true
      users:
      - name: kind-kind
        user:
          token: secret-token
      extensions:
      - name: something
        extension: {a: b}
      """;

  @TempDir Path dir;

  private KubeconfigUpdater updater(String kubeconfigEnv) {
    return new KubeconfigUpdater(KubeconfigPaths.of(Optional.empty(), kubeconfigEnv, dir));
  }

  private static JsonNode read(Path file) throws Exception {
    return Json.YAML.readTree(Files.readString(file));
  }

  private static String decode(JsonNode node) {
    return new String(Base64.getDecoder().decode(node.asText()), StandardCharsets.UTF_8);
  }

  @Test
  void withoutAnyKubeconfigWritesTheDefaultFileWithEmbeddedCertificatesAndMode0600() throws Exception {
    KubeconfigUpdater.Changes changes = updater(null).merge(NETKUBE);

    Path config = dir.resolve(".kube/config");
    assertThat(changes.written()).containsExactly(config);
    JsonNode tree = read(config);
    assertThat(tree.path("current-context").asText()).isEqualTo("netkube");
    JsonNode cluster = KubeconfigDocument.find(tree, KubeconfigSection.CLUSTERS, "netkube").orElseThrow();
    assertThat(cluster.path("server").asText()).isEqualTo("https://127.0.0.1:6443");
    assertThat(decode(cluster.path("certificate-authority-data"))).isEqualTo(NETKUBE.caPem());
    JsonNode user = KubeconfigDocument.find(tree, KubeconfigSection.USERS, "netkube").orElseThrow();
    assertThat(decode(user.path("client-certificate-data"))).isEqualTo(NETKUBE.clientCertPem());
    assertThat(decode(user.path("client-key-data"))).isEqualTo(NETKUBE.clientKeyPem());
    JsonNode context = KubeconfigDocument.find(tree, KubeconfigSection.CONTEXTS, "netkube").orElseThrow();
    assertThat(context.path("cluster").asText()).isEqualTo("netkube");
    assertThat(context.path("user").asText()).isEqualTo("netkube");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
    assertThat(Files.readString(config)).doesNotStartWith("---").contains("kind: Config");
  }

  @Test
  void keepsEverythingElseInTheFileAndMakesNetkubeCurrent() throws Exception {
    Path config = dir.resolve(".kube/config");
    Files.createDirectories(config.getParent());
    Files.writeString(config, KIND_CONFIG);

    updater("").merge(NETKUBE);

    JsonNode tree = read(config);
    JsonNode before = Json.YAML.readTree(KIND_CONFIG);
    assertThat(tree.path("current-context").asText()).isEqualTo("netkube");
    assertThat(tree.path("preferences")).isEqualTo(before.path("preferences"));
    assertThat(tree.path("extensions")).isEqualTo(before.path("extensions"));
    assertThat(tree.path("clusters").get(0)).isEqualTo(before.path("clusters").get(0));
    assertThat(tree.path("contexts").get(0)).isEqualTo(before.path("contexts").get(0));
    assertThat(tree.path("users").get(0)).isEqualTo(before.path("users").get(0));
    assertThat(tree.path("clusters")).hasSize(2);
    assertThat(tree.path("contexts")).hasSize(2);
    assertThat(tree.path("users")).hasSize(2);
  }

  @Test
  void rerunningChangesNothing() throws Exception {
    Path config = dir.resolve(".kube/config");
    Files.createDirectories(config.getParent());
    Files.writeString(config, KIND_CONFIG);
    updater(null).merge(NETKUBE);
    String first = Files.readString(config);

    KubeconfigUpdater.Changes again = updater(null).merge(NETKUBE);

    assertThat(again.written()).isEmpty();
    assertThat(Files.readString(config)).isEqualTo(first);
  }

  @Test
  void refreshesAChangedEntryInPlace() throws Exception {
    updater(null).merge(NETKUBE);
    KubeconfigEntry renewed = new KubeconfigEntry("netkube", "https://127.0.0.1:6443", "NEW-CA", "NEW-CERT", "NEW-KEY");

    updater(null).merge(renewed);

    JsonNode tree = read(dir.resolve(".kube/config"));
    assertThat(tree.path("clusters")).hasSize(1);
    assertThat(decode(tree.path("clusters").get(0).path("cluster").path("certificate-authority-data"))).isEqualTo("NEW-CA");
  }

  @Test
  void withTwoKubeconfigFilesNewStanzasAndCurrentContextGoToTheFirstExistingFile() throws Exception {
    Path first = dir.resolve("first.yaml");
    Path second = dir.resolve("second.yaml");
    Files.writeString(first, KIND_CONFIG);
    Files.writeString(second, KIND_CONFIG.replace("kind-kind", "other"));

    KubeconfigUpdater.Changes changes = updater(first + ":" + second).merge(NETKUBE);

    assertThat(changes.written()).containsExactly(first);
    JsonNode firstTree = read(first);
    assertThat(firstTree.path("current-context").asText()).isEqualTo("netkube");
    assertThat(KubeconfigDocument.defines(firstTree, KubeconfigSection.CONTEXTS, "netkube")).isTrue();
    assertThat(KubeconfigDocument.defines(firstTree, KubeconfigSection.CONTEXTS, "kind-kind")).isTrue();
    assertThat(Files.readString(second)).isEqualTo(KIND_CONFIG.replace("kind-kind", "other"));
  }

  @Test
  void aStanzaThatALaterFileAlreadyDefinesIsUpdatedThere() throws Exception {
    Path first = dir.resolve("first.yaml");
    Path second = dir.resolve("second.yaml");
    Files.writeString(first, KIND_CONFIG);
    Files.writeString(second, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: netkube
          cluster:
            server: https://127.0.0.1:9999
        """);

    updater(first + ":" + second).merge(NETKUBE);

    JsonNode secondTree = read(second);
    assertThat(KubeconfigDocument.find(secondTree, KubeconfigSection.CLUSTERS, "netkube").orElseThrow()
        .path("server").asText()).isEqualTo("https://127.0.0.1:6443");
    JsonNode firstTree = read(first);
    assertThat(KubeconfigDocument.defines(firstTree, KubeconfigSection.CLUSTERS, "netkube")).isFalse();
    assertThat(KubeconfigDocument.defines(firstTree, KubeconfigSection.USERS, "netkube")).isTrue();
    assertThat(firstTree.path("current-context").asText()).isEqualTo("netkube");
  }

  @Test
  void whenOnlyTheSecondFileExistsItReceivesEverything() throws Exception {
    Path first = dir.resolve("missing.yaml");
    Path second = dir.resolve("second.yaml");
    Files.writeString(second, KIND_CONFIG);

    updater(first + ":" + second).merge(NETKUBE);

    assertThat(first).doesNotExist();
    assertThat(read(second).path("current-context").asText()).isEqualTo("netkube");
  }

  @Test
  void whenNoFileOfKubeconfigExistsTheLastOneIsCreated() throws Exception {
    Path first = dir.resolve("a.yaml");
    Path second = dir.resolve("b.yaml");

    updater(first + ":" + second).merge(NETKUBE);

    assertThat(first).doesNotExist();
    assertThat(read(second).path("current-context").asText()).isEqualTo("netkube");
  }

  @Test
  void removeTakesOutOnlyNetkubesEntriesAndClearsItsCurrentContext() throws Exception {
    Path config = dir.resolve(".kube/config");
    Files.createDirectories(config.getParent());
    Files.writeString(config, KIND_CONFIG);
    updater(null).merge(NETKUBE);

    KubeconfigUpdater.Changes changes = updater(null).remove("netkube");

    assertThat(changes.written()).containsExactly(config);
    JsonNode tree = read(config);
    JsonNode original = Json.YAML.readTree(KIND_CONFIG);
    assertThat(tree.path("clusters")).isEqualTo(original.path("clusters"));
    assertThat(tree.path("users")).isEqualTo(original.path("users"));
    assertThat(tree.path("contexts")).isEqualTo(original.path("contexts"));
    assertThat(tree.path("extensions")).isEqualTo(original.path("extensions"));
    assertThat(tree.path("current-context").asText()).isEmpty();
  }

  @Test
  void removeKeepsAnotherCurrentContextAndCleansEveryFile() throws Exception {
    Path first = dir.resolve("first.yaml");
    Path second = dir.resolve("second.yaml");
    KubeconfigFiles.write(first, KubeconfigDocument.withAll(Json.YAML.readTree(KIND_CONFIG), NETKUBE));
    KubeconfigFiles.write(second, KubeconfigDocument.standalone(NETKUBE));

    updater(first + ":" + second).remove("netkube");

    JsonNode firstTree = read(first);
    assertThat(firstTree.path("current-context").asText()).isEqualTo("kind-kind");
    assertThat(KubeconfigDocument.defines(firstTree, KubeconfigSection.CLUSTERS, "netkube")).isFalse();
    JsonNode secondTree = read(second);
    assertThat(secondTree.path("clusters")).isEmpty();
    assertThat(secondTree.path("current-context").asText()).isEmpty();
    assertThat(updater(first + ":" + second).remove("netkube").written()).isEmpty();
  }

  @Test
  void anExplicitFileWinsOverKubeconfig() throws Exception {
    Path explicit = dir.resolve("explicit.yaml");
    Path env = dir.resolve("env.yaml");
    Files.writeString(env, KIND_CONFIG);

    new KubeconfigUpdater(KubeconfigPaths.of(Optional.of(explicit), env.toString(), dir)).merge(NETKUBE);

    assertThat(read(explicit).path("current-context").asText()).isEqualTo("netkube");
    assertThat(Files.readString(env)).isEqualTo(KIND_CONFIG);
  }

  @Test
  void aPlannedMergeWritesWhatAMergeWrites(@TempDir Path other) throws Exception {
    Path planned = dir.resolve("planned");
    Path merged = other.resolve("merged");
    Files.writeString(planned, KIND_CONFIG);
    Files.writeString(merged, KIND_CONFIG);
    KubeconfigUpdater.Plan plan = updater(planned.toString()).plan(NETKUBE);
    assertThat(Files.readString(planned)).isEqualTo(KIND_CONFIG); // nothing written yet
    assertThat(plan.apply().written()).containsExactly(planned);
    new KubeconfigUpdater(KubeconfigPaths.of(Optional.empty(), merged.toString(), other)).merge(NETKUBE);
    assertThat(Files.readString(planned)).isEqualTo(Files.readString(merged));
    assertThat(updater(planned.toString()).plan(NETKUBE).apply().written()).isEmpty();
  }

  @Test
  void aPlannedMergeRedoesTheMergeWhenTheFileChangedMeanwhile() throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(file, KIND_CONFIG);
    KubeconfigUpdater.Plan plan = updater(file.toString()).plan(NETKUBE);
    Files.writeString(file, KIND_CONFIG.replace("namespace: team-a", "namespace: team-b")); // e.g. kubectl config set
    plan.apply();
    JsonNode config = read(file);
    assertThat(config.at("/contexts/0/context/namespace").asText()).isEqualTo("team-b");
    assertThat(config.get("current-context").asText()).isEqualTo("netkube");
  }

  @Test
  void aPlannedMergeIntoAFileThatAppearedMeanwhileKeepsIt() throws Exception {
    Path file = dir.resolve("config");
    KubeconfigUpdater.Plan plan = updater(file.toString()).plan(NETKUBE);
    Files.writeString(file, KIND_CONFIG);
    plan.apply();
    JsonNode config = read(file);
    assertThat(config.at("/users/0/name").asText()).isEqualTo("kind-kind");
    assertThat(config.get("current-context").asText()).isEqualTo("netkube");
  }
}
