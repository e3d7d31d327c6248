package dev.netkube.controllers.endpointslice;

import java.util.List;
import java.util.Optional;

/** One discovery/v1 endpoint: a pod's addresses of one family and its conditions. */
public record Endpoint(
    List<String> addresses,
    Conditions conditions,
    Optional<String> hostname,
    Optional<String> nodeName,
    Optional<String> zone,
    Optional<TargetRef> targetRef) {

  public Endpoint {
    addresses = addresses.stream().sorted().toList();
  }

  /**
   * Upstream hashes an endpoint by its addresses, hostname and target's namespace/name: the same
   * identity keeps its place in its slice while its conditions or topology change.
   */
  public Identity identity() {
    return new Identity(addresses, hostname.orElse(""),
        targetRef.map(TargetRef::namespace).orElse(""), targetRef.map(TargetRef::name).orElse(""));
  }

  public record Identity(List<String> addresses, String hostname, String namespace, String name) {}

  /** ready / serving / terminating; empty when the writer left one out (consumers read unknown). */
  public record Conditions(Optional<Boolean> ready, Optional<Boolean> serving, Optional<Boolean> terminating) {
    public static Conditions of(boolean ready, boolean serving, boolean terminating) {
      return new Conditions(Optional.of(ready), Optional.of(serving), Optional.of(terminating));
    }
  }

  /** The pod behind an endpoint (kind Pod). */
  public record TargetRef(String kind, String namespace, String name, String uid) {}
}
