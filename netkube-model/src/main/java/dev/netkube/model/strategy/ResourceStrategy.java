package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import java.util.List;

/**
 * What is particular to one kind on write, as upstream's registry strategies: defaulting and
 * validation. Object metadata (name rules, labels, annotations) is checked by the API server
 * for every kind; a strategy checks only its kind's own fields. Pure: no I/O.
 */
public interface ResourceStrategy {
  ResourceStrategy NONE = new ResourceStrategy() {};

  /** Fill upstream's defaults in place (runs on create and update, before validation). */
  default void applyDefaults(ObjectNode object) {}

  /**
   * Defaults on update, given the stored object: upstream's PrepareForUpdate and registry
   * patching (e.g. a Service keeps its allocated clusterIP when the client omits it). Runs
   * instead of {@link #applyDefaults} on update.
   */
  default void applyUpdateDefaults(ObjectNode object, ObjectNode old) { applyDefaults(object); }

  default List<FieldError> validateCreate(ObjectNode object) { return List.of(); }

  default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) { return validateCreate(object); }
}
