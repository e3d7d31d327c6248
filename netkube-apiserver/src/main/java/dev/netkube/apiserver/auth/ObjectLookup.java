package dev.netkube.apiserver.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Reads a core/v1 object ("ServiceAccount", "Pod", "Secret") of a namespace; empty when absent. */
@FunctionalInterface
public interface ObjectLookup {
  Optional<ObjectNode> get(String namespace, String kind, String name);
}
