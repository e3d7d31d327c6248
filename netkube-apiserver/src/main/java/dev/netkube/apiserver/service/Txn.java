package dev.netkube.apiserver.service;

import java.util.List;

/**
 * What one write did to the allocators: values taken at once (given back if the write fails)
 * and values to give back only once the write is stored. Upstream's rule: better to leak for a
 * moment than to double-allocate, so take immediately and release late.
 */
public record Txn(List<String> takenIps, List<Integer> takenPorts, List<String> releaseIps, List<Integer> releasePorts) {
  public static final Txn NONE = new Txn(List.of(), List.of(), List.of(), List.of());

  public Txn {
    takenIps = List.copyOf(takenIps);
    takenPorts = List.copyOf(takenPorts);
    releaseIps = List.copyOf(releaseIps);
    releasePorts = List.copyOf(releasePorts);
  }

  public boolean empty() {
    return takenIps.isEmpty() && takenPorts.isEmpty() && releaseIps.isEmpty() && releasePorts.isEmpty();
  }
}
