package dev.netkube.controllers.endpointslice;

import java.util.List;
import java.util.Map;

/**
 * An EndpointSlice as the reconciler sees it.
 *
 * @param name "" for a slice still to be created (the server names it from generateName)
 * @param owned whether it has an ownerReference to the service (v1 Service of this uid)
 */
public record Slice(String name, String addressType, List<EndpointPort> ports, List<Endpoint> endpoints,
    Map<String, String> labels, boolean owned) {

  public Slice {
    ports = List.copyOf(ports);
    endpoints = List.copyOf(endpoints);
    labels = Map.copyOf(labels);
  }

  public boolean isNew() { return name.isEmpty(); }

  public Slice withName(String newName) { return new Slice(newName, addressType, ports, endpoints, labels, owned); }

  /** The port set as a key: slices are grouped by it. */
  public List<EndpointPort> portKey() { return ports.stream().sorted(EndpointPort.ORDER).toList(); }
}
