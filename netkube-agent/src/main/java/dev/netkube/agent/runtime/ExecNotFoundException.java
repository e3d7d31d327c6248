package dev.netkube.agent.runtime;

import java.io.IOException;

/**
 * An exec whose command the container does not have. The message is runc's, as kubelet passes it on to kubectl
 * ({@code error: Internal error occurred: error executing command in container: failed to exec in container: failed to
 * start exec "<id>": <this message>}).
 */
public final class ExecNotFoundException extends IOException {
  public ExecNotFoundException(String message) { super(message); }

  static ExecNotFoundException of(String command) {
    String why = command.contains("/") ? "stat " + command + ": no such file or directory" : "executable file not found in $PATH";
    return new ExecNotFoundException("OCI runtime exec failed: exec failed: unable to start container process: exec: \""
        + command + "\": " + why + ": unknown");
  }
}
