package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.strategy.ResourceStrategy;
import java.util.List;

/**
 * The write strategy of customresourcedefinitions themselves, as upstream's registry strategy:
 * on create the status is reset (storedVersions = [storage version]) and generation is 1; on
 * update the old status is kept, the new storage version is added to storedVersions and
 * generation grows when the spec changed. Status updates go through {@link #prepareForStatusUpdate}.
 */
public final class CrdStrategy implements ResourceStrategy {
  public static final CrdStrategy INSTANCE = new CrdStrategy();

  private CrdStrategy() {}

  @Override
  public void applyDefaults(ObjectNode crd) { CrdDefaults.apply(crd); }

  @Override
  public List<FieldError> validateCreate(ObjectNode crd) { return CrdValidation.validate(crd, null); }

  @Override
  public List<FieldError> validateUpdate(ObjectNode crd, ObjectNode old) { return CrdValidation.validate(crd, old); }

  public void prepareForCreate(ObjectNode crd) {
    ObjectNode status = crd.putObject("status");
    new CrdSpec(crd).storageVersion().ifPresent(v -> status.putArray("storedVersions").add(v));
    metadata(crd).put("generation", 1);
  }

  public void prepareForUpdate(ObjectNode crd, ObjectNode old) {
    if (old.has("status")) crd.set("status", old.get("status").deepCopy());
    else crd.remove("status");
    long generation = old.path("metadata").path("generation").asLong(0);
    metadata(crd).put("generation", crd.path("spec").equals(old.path("spec")) ? generation : generation + 1);
    new CrdSpec(crd).storageVersion().ifPresent(v -> {
      ObjectNode status = crd.get("status") instanceof ObjectNode s ? s : crd.putObject("status");
      ArrayNode stored = status.get("storedVersions") instanceof ArrayNode a ? a : status.putArray("storedVersions");
      for (JsonNode n : stored) if (n.asText().equals(v)) return;
      stored.add(v);
    });
  }

  /** Status update: only .status changes; spec and metadata stay as stored. */
  public void prepareForStatusUpdate(ObjectNode crd, ObjectNode old) {
    JsonNode status = crd.get("status");
    crd.removeAll();
    crd.setAll(old.deepCopy());
    if (status != null) crd.set("status", status);
    else crd.remove("status");
  }

  private static ObjectNode metadata(ObjectNode o) {
    return o.get("metadata") instanceof ObjectNode m ? m : o.putObject("metadata");
  }
}
