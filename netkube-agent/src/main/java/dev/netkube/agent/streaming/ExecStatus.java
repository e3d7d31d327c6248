package dev.netkube.agent.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How an exec or attach ended, as kubelet writes it on the error stream: a v1 Status (JSON) for
 * the v4 and v5 protocols, the bare message (nothing on success) for v1 to v3.
 */
public sealed interface ExecStatus {
  ObjectMapper JSON = new ObjectMapper();

  record Success() implements ExecStatus {}

  /** The command ran and exited non-zero; kubectl prints "command terminated with exit code n" and exits n. */
  record NonZeroExit(int code, List<String> command) implements ExecStatus {}

  /** The command could not be run (kubelet: InternalError); {@code cause} as kubelet words it. */
  record Internal(String cause) implements ExecStatus {
    static Internal exec(String message) { return new Internal("error executing command in container: " + message); }

    static Internal attach(String message) { return new Internal("error attaching to container: " + message); }
  }

  /** The Status object of the v4/v5 protocols, with Go's field names and order. */
  default ObjectNode status() {
    ObjectNode s = JSON.createObjectNode();
    s.putObject("metadata");
    if (this instanceof NonZeroExit exit) {
      s.put("status", "Failure");
      // containerd's exit error, which kubelet wraps.
      s.put("message", "command terminated with non-zero exit code: error executing command "
          + goList(exit.command()) + ", exit code " + exit.code());
      s.put("reason", "NonZeroExitCode");
      s.putObject("details").putArray("causes").addObject().put("reason", "ExitCode").put("message",
          Integer.toString(exit.code()));
    } else if (this instanceof Internal internal) {
      String cause = internal.cause();
      s.put("status", "Failure");
      s.put("message", "Internal error occurred: " + cause);
      s.put("reason", "InternalError");
      s.putObject("details").putArray("causes").addObject().put("message", cause);
      s.put("code", 500);
    } else {
      s.put("status", "Success");
    }
    return s;
  }

  /** What the error stream carries: JSON for v4/v5, else the message of a failure and nothing on success. */
  default byte[] encode(boolean jsonStatus) {
    if (jsonStatus) {
      try {
        return JSON.writeValueAsBytes(status());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    if (this instanceof Success) return new byte[0];
    return status().path("message").asText().getBytes(StandardCharsets.UTF_8);
  }

  /** Go's %v of a []string: [a b c]. */
  static String goList(List<String> items) { return "[" + String.join(" ", items) + "]"; }
}
