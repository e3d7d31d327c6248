package dev.netkube.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import java.util.List;

/** A complete (non-streaming) response; streams (watch) write to the channel themselves. */
public record ApiResponse(int status, String contentType, byte[] body, List<String> warnings) {

  public static ApiResponse json(int status, JsonNode node) {
    return new ApiResponse(status, "application/json", Json.bytes(node), List.of());
  }

  public static ApiResponse json(int status, JsonNode node, List<String> warnings) {
    return new ApiResponse(status, "application/json", Json.bytes(node), warnings);
  }

  public static ApiResponse error(ApiException e) {
    return json(e.code(), e.toStatus());
  }

  public static ApiResponse text(int status, String text) {
    return new ApiResponse(status, "text/plain; charset=utf-8", text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        List.of());
  }
}
