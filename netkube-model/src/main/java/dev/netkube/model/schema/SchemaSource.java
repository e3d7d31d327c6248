package dev.netkube.model.schema;

import dev.netkube.model.api.GroupVersionKind;
import java.util.Optional;

/** Where the schema of a kind comes from: the built-in OpenAPI documents, or a CRD's. */
@FunctionalInterface
public interface SchemaSource {
  Optional<Schema> schemaFor(GroupVersionKind gvk);
}
