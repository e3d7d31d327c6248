package dev.netkube.agent.cni;

import dev.netkube.model.GoQuote;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The spec's error result ({"code":..,"msg":..,"details":..}), read from a failed plugin's
 * output as libcni reads it: the JSON on stdout; no stdout means "netplugin failed: <stderr>".
 * {@link #text()} is the error's text as Go's types.Error prints it: msg, then "; details".
 */
public record PluginError(int code, String msg, String details) {
  /** Well-known codes of the spec. */
  public static final int INCOMPATIBLE_VERSION = 1, UNSUPPORTED_FIELD = 2, UNKNOWN_CONTAINER = 3,
      INVALID_ENVIRONMENT = 4, IO_FAILURE = 5, DECODING_FAILURE = 6, INVALID_NETWORK_CONFIG = 7, TRY_AGAIN_LATER = 11;

  public String text() { return details.isEmpty() ? msg : msg + "; " + details; }

  /** {@code exitDescription} is how Go prints the process error, e.g. "exit status 1". */
  public static PluginError fromFailedRun(String exitDescription, byte[] stdout, byte[] stderr) {
    String err = new String(stderr, StandardCharsets.UTF_8);
    if (stdout.length == 0) {
      if (stderr.length == 0) return new PluginError(0, "netplugin failed with no error message: " + exitDescription, "");
      return new PluginError(0, "netplugin failed: " + GoQuote.quote(err) + ": " + exitDescription, "");
    }
    JsonNode node;
    try {
      node = Json.parse(stdout);
    } catch (IOException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      return new PluginError(0, "netplugin failed but error parsing its diagnostic message "
          + GoQuote.quote(new String(stdout, StandardCharsets.UTF_8)) + ": invalid JSON", "");
    }
    return new PluginError(node.path("code").asInt(0), node.path("msg").asText(""), node.path("details").asText(""));
  }
}
