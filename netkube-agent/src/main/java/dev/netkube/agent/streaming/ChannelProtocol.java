package dev.netkube.agent.streaming;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The WebSocket sub-protocols of exec and attach (wsstream): each message starts with its
 * channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize); the base64 variants send text whose
 * first character is '0' + channel. v4 and later carry a JSON Status on the error channel; v5
 * adds the close signal {@code [255, channel]} (the client's stdin ended).
 */
enum ChannelProtocol {
  V5("v5.channel.k8s.io", true, true, true),
  V4("v4.channel.k8s.io", true, true, false),
  V4_BASE64("v4.base64.channel.k8s.io", false, true, false),
  V1("channel.k8s.io", true, false, false),
  V1_BASE64("base64.channel.k8s.io", false, false, false);

  static final int STDIN = 0, STDOUT = 1, STDERR = 2, ERROR = 3, RESIZE = 4;
  static final int CLOSE_SIGNAL = 255;

  final String subprotocol;
  final boolean binary;
  final boolean jsonStatus;
  final boolean closeSignal;

  ChannelProtocol(String subprotocol, boolean binary, boolean jsonStatus, boolean closeSignal) {
    this.subprotocol = subprotocol;
    this.binary = binary;
    this.jsonStatus = jsonStatus;
    this.closeSignal = closeSignal;
  }

  /** Sub-protocol names in the server's order of preference. */
  static List<String> names() { return Arrays.stream(values()).map(p -> p.subprotocol).toList(); }

  /** The protocol for a negotiated name; none negotiated ("" or null) means the plain channel protocol. */
  static ChannelProtocol of(String negotiated) {
    if (negotiated == null || negotiated.isEmpty()) return V1;
    for (ChannelProtocol p : values()) if (p.subprotocol.equals(negotiated)) return p;
    throw new IllegalArgumentException("unsupported sub-protocol " + negotiated);
  }

  /** One decoded client message. {@code channel} is CLOSE_SIGNAL for a v5 close, whose data then names the channel. */
  record Message(int channel, byte[] data) {}

  Optional<Message> decode(byte[] payload) {
    if (payload.length == 0) return Optional.empty();
    if (binary) {
      int channel = payload[0] & 0xff;
      return Optional.of(new Message(channel, Arrays.copyOfRange(payload, 1, payload.length)));
    }
    int channel = payload[0] - '0';
    try {
      byte[] data = Base64.getDecoder().decode(new String(payload, 1, payload.length - 1, StandardCharsets.US_ASCII));
      return Optional.of(new Message(channel, data));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The message payload for data on a channel (binary frame, or text frame for base64). */
  byte[] encode(int channel, byte[] data, int offset, int length) {
    if (binary) {
      byte[] out = new byte[length + 1];
      out[0] = (byte) channel;
      System.arraycopy(data, offset, out, 1, length);
      return out;
    }
    String text = (char) ('0' + channel) + Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, offset, offset + length));
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
