package dev.netkube.apiserver.service;

import java.util.Optional;

/**
 * Something a repair pass found. With a service it becomes a Warning event on that service
 * (upstream's reasons and messages); every finding is logged.
 */
public record Finding(Optional<ServiceRef> service, String reason, String message, String log) {
  static Finding onService(ServiceRef service, String reason, String message, String log) {
    return new Finding(Optional.of(service), reason, message, log);
  }

  static Finding logOnly(String log) { return new Finding(Optional.empty(), "", "", log); }
}
