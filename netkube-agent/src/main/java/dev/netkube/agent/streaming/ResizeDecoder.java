package dev.netkube.agent.streaming;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The resize stream: JSON objects {@code {"Width":w,"Height":h}} one after another, split
 * anywhere across frames (SPDY) or one per message (WebSocket). Incomplete input is kept.
 */
final class ResizeDecoder {
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  List<TerminalSize> feed(byte[] data) {
    List<TerminalSize> sizes = new ArrayList<>();
    for (byte b : data) {
      if (pending.size() == 0 && b != '{') continue; // whitespace between objects
      pending.write(b);
      if (b == '}') { // the sizes hold no nested objects or strings with braces
        sizes.add(parse(pending.toByteArray()));
        pending.reset();
      }
      if (pending.size() > 4096) pending.reset(); // not a resize message; drop it
    }
    sizes.removeIf(s -> s == null);
    return sizes;
  }

  private static TerminalSize parse(byte[] json) {
    try {
      JsonNode n = ExecStatus.JSON.readTree(json);
      return new TerminalSize(n.path("Width").asInt(), n.path("Height").asInt());
    } catch (IOException e) {
      return null;
    }
  }
}
