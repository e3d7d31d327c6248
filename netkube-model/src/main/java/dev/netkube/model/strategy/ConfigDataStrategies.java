package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.Errors;
import dev.netkube.model.validation.Messages;
import dev.netkube.model.validation.Names;
import dev.netkube.model.validation.Nodes;
import dev.netkube.model.validation.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * ConfigMaps and Secrets: valid keys, the 1 MiB size limit, Secret type defaults and required
 * keys, and the {@code immutable} flag.
 *
 * <p>Secret data that is not base64 never reaches validation upstream: the JSON decoder rejects
 * it with 400 BadRequest. {@link #secretDecodeError} reproduces that; the API server must call it
 * when decoding a Secret body, before defaulting.
 */
public final class ConfigDataStrategies {
  /** core.MaxSecretSize, also the ConfigMap limit. */
  public static final int MAX_SIZE = 1024 * 1024;

  private ConfigDataStrategies() {}

  public static final ResourceStrategy CONFIG_MAP = new ResourceStrategy() {
    @Override
    public List<FieldError> validateCreate(ObjectNode cm) {
      List<FieldError> errs = new ArrayList<>();
      Map<String, String> data = Nodes.stringMap(cm, "data");
      Map<String, String> binary = Nodes.stringMap(cm, "binaryData");
      long total = 0;
      for (Map.Entry<String, String> e : data.entrySet()) {
        Path p = Path.of("data").key(e.getKey());
        Errors.invalidEach(errs, p, e.getKey(), Names.configMapKey(e.getKey()));
        if (binary.containsKey(e.getKey())) errs.add(Errors.invalid(p, e.getKey(), "duplicate of key present in binaryData"));
        total += e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      }
      for (Map.Entry<String, String> e : binary.entrySet()) {
        Path p = Path.of("binaryData").key(e.getKey());
        Errors.invalidEach(errs, p, e.getKey(), Names.configMapKey(e.getKey()));
        if (data.containsKey(e.getKey())) errs.add(Errors.invalid(p, e.getKey(), "duplicate of key present in data"));
        total += decodedLength(e.getValue());
      }
      if (total > MAX_SIZE) errs.add(new FieldError(FieldError.Type.TOO_LONG, "", "\"\"", "must have at most " + MAX_SIZE + " bytes"));
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode cm, ObjectNode old) {
      List<FieldError> errs = immutable(cm, old, List.of("data", "binaryData"));
      errs.addAll(validateCreate(cm));
      return errs;
    }
  };

  public static final ResourceStrategy SECRET = new ResourceStrategy() {
    @Override
    public void applyDefaults(ObjectNode secret) {
      if (Nodes.text(secret, "type").isEmpty()) secret.put("type", "Opaque");
    }

    @Override
    public List<FieldError> validateCreate(ObjectNode secret) {
      List<FieldError> errs = new ArrayList<>();
      Path dataPath = Path.of("data");
      Map<String, String> data = Nodes.stringMap(secret, "data");
      long total = 0;
      for (Map.Entry<String, String> e : data.entrySet()) {
        Errors.invalidEach(errs, dataPath.key(e.getKey()), e.getKey(), Names.configMapKey(e.getKey()));
        total += decodedLength(e.getValue());
      }
      if (total > MAX_SIZE) errs.add(new FieldError(FieldError.Type.TOO_LONG, "data", "\"\"", "must have at most " + MAX_SIZE + " bytes"));
      JsonNode meta = Nodes.object(secret, "metadata");
      switch (Nodes.text(secret, "type")) {
        case "kubernetes.io/service-account-token" -> {
          if (Nodes.text(Nodes.object(meta, "annotations"), "kubernetes.io/service-account.name").isEmpty()) {
            errs.add(Errors.required(Path.of("metadata", "annotations").key("kubernetes.io/service-account.name")));
          }
        }
        case "kubernetes.io/dockercfg" -> requireKey(data, dataPath, ".dockercfg", errs);
        case "kubernetes.io/dockerconfigjson" -> requireKey(data, dataPath, ".dockerconfigjson", errs);
        case "kubernetes.io/basic-auth" -> {
          if (!data.containsKey("username") && !data.containsKey("password")) {
            errs.add(Errors.required(dataPath.key("username")));
            errs.add(Errors.required(dataPath.key("password")));
          }
        }
        case "kubernetes.io/ssh-auth" -> requireKey(data, dataPath, "ssh-privatekey", errs);
        case "kubernetes.io/tls" -> {
          requireKey(data, dataPath, "tls.crt", errs);
          requireKey(data, dataPath, "tls.key", errs);
        }
        default -> { }
      }
      String type = Nodes.text(secret, "type");
      if (!type.isEmpty()) Errors.invalidEach(errs, Path.of("type"), type, Names.qualifiedName(type));
      return errs;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode secret, ObjectNode old) {
      List<FieldError> errs = new ArrayList<>();
      String type = Nodes.text(secret, "type");
      if (!type.equals(Nodes.text(old, "type"))) errs.add(Errors.invalid(Path.of("type"), type, Messages.FIELD_IMMUTABLE));
      errs.addAll(immutable(secret, old, List.of("data")));
      errs.addAll(validateCreate(secret));
      return errs;
    }
  };

  private static void requireKey(Map<String, String> data, Path dataPath, String key, List<FieldError> errs) {
    if (!data.containsKey(key)) errs.add(Errors.required(dataPath.key(key)));
  }

  private static List<FieldError> immutable(ObjectNode now, ObjectNode old, List<String> fields) {
    List<FieldError> errs = new ArrayList<>();
    if (!old.path("immutable").asBoolean(false)) return errs;
    String why = "field is immutable when `immutable` is set";
    if (!now.path("immutable").asBoolean(false)) errs.add(Errors.forbidden(Path.of("immutable"), why));
    for (String f : fields) {
      if (!Objects.equals(normalized(now.get(f)), normalized(old.get(f)))) errs.add(Errors.forbidden(Path.of(f), why));
    }
    return errs;
  }

  private static JsonNode normalized(JsonNode n) {
    return n == null || n.isNull() || (n.isObject() && n.isEmpty()) ? null : n;
  }

  private static long decodedLength(String base64) {
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length();
    }
  }

  /**
   * The 400 the decoder answers for a Secret (or ConfigMap binaryData) value that is not base64:
   * "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte N".
   */
  public static Optional<ApiException> secretDecodeError(String kind, JsonNode object) {
    String field = kind.equals("ConfigMap") ? "binaryData" : "data";
    JsonNode data = object.get(field);
    if (data == null || !data.isObject()) return Optional.empty();
    for (java.util.Iterator<JsonNode> it = data.elements(); it.hasNext(); ) {
      JsonNode v = it.next();
      if (v.isNull()) continue;
      int bad = illegalBase64Offset(v.asText());
      if (bad >= 0) {
        return Optional.of(ApiException.badRequest(kind + " in version \"v1\" cannot be handled as a " + kind
            + ": illegal base64 data at input byte " + bad));
      }
    }
    return Optional.empty();
  }

  /** The byte offset Go's base64.StdEncoding reports as illegal, or -1 when the text decodes. */
  static int illegalBase64Offset(String s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '=') break;
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (c == '\r' || c == '\n') {
        i++;
        continue;
      }
      if (!ok) return i;
      i++;
    }
    int dataChars = (int) s.substring(0, i).chars().filter(ch -> ch != '\r' && ch != '\n').count();
    int pad = n - i;
    if (pad > 2 || !s.substring(i).chars().allMatch(ch -> ch == '=')) return i + Math.min(pad, 2);
    int rem = dataChars % 4;
    if (rem == 1) return i;
    if (rem == 0 && pad > 0) return i;
    if (rem != 0 && rem + pad != 4) return n;
    return -1;
  }
}
