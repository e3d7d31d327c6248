package dev.netkube.agent.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.agent.runtime.EnvVar;
import dev.netkube.agent.runtime.Signals;
import dev.netkube.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Images users add, from the ConfigMap {@code netkube-images} in {@code kube-system} (pure parser). Each key (any
 * name a ConfigMap key allows) holds one image as YAML or JSON:
 *
 * <pre>
 * image: example.com/team/app        # required; with :tag, only that tag, else every tag
 * entrypoint: [/usr/bin/python3, -m, http.server]
 * cmd: ["8000"]
 * env: [GREETING=hello]              # or a map {GREETING: hello}
 * workingDir: /srv
 * stopSignal: SIGTERM
 * </pre>
 *
 * At least one of entrypoint and cmd; the commands run from the node's filesystem. An entry with an error is left
 * out and the error says where (Kubernetes' field error wording); the others still count. Merged over the built-in
 * images, a user entry replaces the built-in one of the same repository and tag.
 */
public final class UserImages {
  private UserImages() {}

  public static final String NAMESPACE = "kube-system";
  public static final String CONFIG_MAP = "netkube-images";
  private static final Set<String> FIELDS = Set.of("image", "entrypoint", "cmd", "env", "workingDir", "stopSignal");

  public record Parsed(List<CatalogEntry> entries, List<String> errors) {
    public Parsed {
      entries = List.copyOf(entries);
      errors = List.copyOf(errors);
    }
  }

  public static Parsed parse(Map<String, String> data) {
    List<CatalogEntry> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    new TreeMap<>(data).forEach((key, value) -> {
      List<String> keyErrors = new ArrayList<>();
      Optional<CatalogEntry> entry = parseEntry(key, value, keyErrors);
      errors.addAll(keyErrors);
      if (keyErrors.isEmpty()) entry.ifPresent(entries::add);
    });
    return new Parsed(entries, errors);
  }

  private static Optional<CatalogEntry> parseEntry(String key, String text, List<String> errors) {
    String at = "data[" + key + "]";
    JsonNode node;
    try {
      node = Json.parseYaml(text);
    } catch (IOException e) {
      errors.add(at + ": Invalid value: not YAML or JSON: " + firstLine(e.getMessage()));
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      errors.add(at + ": Invalid value: must be a mapping with image, entrypoint, cmd, env, workingDir, stopSignal");
      return Optional.empty();
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) errors.add(at + "." + f + ": Unsupported value: \"" + f + "\": supported values: "
          + "\"cmd\", \"entrypoint\", \"env\", \"image\", \"stopSignal\", \"workingDir\"");
    }
    Optional<ImageReference> ref = Optional.empty();
    JsonNode image = node.get("image");
    if (image == null || !image.isTextual() || image.asText().isEmpty()) {
      errors.add(at + ".image: Required value");
    } else {
      ImageReference.Parsed p = ImageReference.parse(image.asText());
      if (p instanceof ImageReference.Invalid invalid) {
        errors.add(at + ".image: Invalid value: \"" + image.asText() + "\": " + invalid.message());
      } else {
        ref = Optional.of(((ImageReference.Valid) p).reference());
        if (ref.get().digest().isPresent()) errors.add(at + ".image: Invalid value: \"" + image.asText() + "\": name a tag, not a digest");
      }
    }
    List<String> entrypoint = strings(node, "entrypoint", at, errors);
    List<String> cmd = strings(node, "cmd", at, errors);
    if (entrypoint.isEmpty() && cmd.isEmpty() && !node.has("entrypoint") && !node.has("cmd")) {
      errors.add(at + ": Required value: entrypoint or cmd");
    }
    List<EnvVar> env = new ArrayList<>(List.of(new EnvVar("PATH", ImageConfig.DEFAULT_PATH)));
    JsonNode envNode = node.get("env");
    if (envNode != null && !envNode.isNull()) {
      List<EnvVar> declared = new ArrayList<>();
      if (envNode.isArray()) {
        for (int i = 0; i < envNode.size(); i++) {
          JsonNode e = envNode.get(i);
          if (!e.isTextual() || e.asText().indexOf('=') <= 0) errors.add(at + ".env[" + i + "]: Invalid value: " + e + ": must be NAME=value");
          else declared.add(EnvVar.parse(e.asText()));
        }
      } else if (envNode.isObject()) {
        envNode.fields().forEachRemaining(f -> declared.add(new EnvVar(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString())));
      } else {
        errors.add(at + ".env: Invalid value: must be a list of NAME=value or a mapping");
      }
      env = EnvVar.merge(env, declared);
    }
    String workingDir = text(node, "workingDir", at, errors);
    if (!workingDir.isEmpty() && !workingDir.startsWith("/")) errors.add(at + ".workingDir: Invalid value: \"" + workingDir + "\": must be an absolute path");
    String stopSignal = text(node, "stopSignal", at, errors);
    if (stopSignal.isEmpty()) stopSignal = "SIGTERM";
    else if (Signals.number(stopSignal).isEmpty()) errors.add(at + ".stopSignal: Invalid value: \"" + stopSignal + "\": unknown signal");
    if (!errors.isEmpty() || ref.isEmpty()) return Optional.empty();
    ImageConfig config = new ImageConfig(entrypoint, cmd, env, workingDir, stopSignal);
    return Optional.of(new CatalogEntry(ref.get().repository(), ref.get().tag(), config, List.of(), Map.of(),
        "configmap " + NAMESPACE + "/" + CONFIG_MAP + " key " + key));
  }

  private static List<String> strings(JsonNode node, String field, String at, List<String> errors) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return List.of();
    if (v.isTextual()) return List.of(v.asText()); // a lone string is a one-element list, as YAML users write it
    List<String> out = new ArrayList<>();
    if (!v.isArray()) {
      errors.add(at + "." + field + ": Invalid value: must be a list of strings");
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isValueNode() || v.get(i).isNull()) errors.add(at + "." + field + "[" + i + "]: Invalid value: must be a string");
      else out.add(v.get(i).asText());
    }
    return out;
  }

  private static String text(JsonNode node, String field, String at, List<String> errors) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return "";
    if (!v.isTextual()) {
      errors.add(at + "." + field + ": Invalid value: must be a string");
      return "";
    }
    return v.asText();
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
