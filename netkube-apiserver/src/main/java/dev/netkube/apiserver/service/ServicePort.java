package dev.netkube.apiserver.service;

/** One entry of spec.ports, as far as allocation cares; {@code nodePort} 0 means unset. */
public record ServicePort(int port, String protocol, int nodePort) {
  public ServicePort withNodePort(int nodePort) { return new ServicePort(port, protocol, nodePort); }
}
