package dev.netkube.model.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.api.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every built-in object in the seed and upstream add-on manifests defaults and validates cleanly. */
class ManifestsPassTest {
  /**
   * The steering repo's shared/ folder: $NETKUBE_SHARED, else the nearest shared/ beside the
   * working directory or one of its parents (CI clones the repo next to it), else /work/shared.
   */
  static Path sharedDir() {
    String env = System.getenv("NETKUBE_SHARED");
    if (env != null && !env.isEmpty()) return Path.of(env);
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("shared/seed/manifests"))) return p.resolve("shared");
    }
    return Path.of("/work/shared");
  }

  @Test
  void seedAndUpstreamManifestsPassDefaultingAndValidation() throws IOException {
    Path shared = sharedDir();
    List<Path> dirs = List.of(shared.resolve("seed/manifests"), shared.resolve("upstream"));
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Path dir : dirs) {
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      }
      assertThat(files).as("manifests in " + dir).isNotEmpty();
      for (Path file : files) {
        try (MappingIterator<JsonNode> docs = Json.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (!(doc instanceof ObjectNode obj) || !obj.has("kind")) continue;
            Optional<ResourceType> type = typeOf(obj);
            if (type.isEmpty()) continue; // custom resources: not built-in
            // What the API server does before validation: namespace from the request, a uid.
            ObjectNode meta = (ObjectNode) obj.get("metadata");
            if (type.get().namespaced() && !meta.has("namespace")) meta.put("namespace", "default");
            meta.put("uid", "0b5e6c2a-1111-4222-8333-944445555666");
            Strategies.forType(type.get()).applyDefaults(obj);
            List<FieldError> errs = Strategies.validate(type.get(), obj, null);
            checked++;
            for (FieldError e : errs) failures.add(file.getFileName() + " " + obj.get("kind").asText() + "/" + meta.path("name").asText() + ": " + e.message());
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(50);
    assertThat(failures).isEmpty();
  }

  static Optional<ResourceType> typeOf(JsonNode obj) {
    String apiVersion = obj.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return BuiltinResources.all().stream()
        .filter(t -> t.group().equals(group) && t.kind().equals(obj.path("kind").asText()))
        .findFirst();
  }
}
