package dev.netkube.controllers.endpointslice;

import java.util.Comparator;
import java.util.Optional;

/** A slice's port: the service port's name and protocol, the resolved target port, its appProtocol. */
public record EndpointPort(String name, String protocol, int port, Optional<String> appProtocol) {
  /** A fixed order, so that the same port set compares equal however it was listed. */
  public static final Comparator<EndpointPort> ORDER = Comparator.comparing(EndpointPort::name)
      .thenComparing(EndpointPort::protocol).thenComparingInt(EndpointPort::port)
      .thenComparing(p -> p.appProtocol().orElse(""));
}
