package dev.netkube.agent.runtime.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of a CRI log file: {@code <RFC3339Nano time> <stdout|stderr> <F|P> <content>}. {@code P} is a part of a
 * longer line (containerd splits lines at 16 KiB and writes a line cut off by the end of the stream as P too);
 * {@code F} ends one. The content is raw bytes without the newline.
 */
public record CriLogLine(Instant time, LogStream stream, boolean partial, byte[] content) {
  /** kubelet's parseCRILog; empty for a line that is not in the format. */
  public static Optional<CriLogLine> parse(byte[] line, int off, int len) {
    int end = off + len;
    int s1 = indexOf(line, (byte) ' ', off, end);
    if (s1 < 0) return Optional.empty();
    int s2 = indexOf(line, (byte) ' ', s1 + 1, end);
    if (s2 < 0) return Optional.empty();
    int s3 = indexOf(line, (byte) ' ', s2 + 1, end);
    int tagEnd = s3 < 0 ? end : s3;
    try {
      Instant time = CriTimestamps.parse(new String(line, off, s1 - off, StandardCharsets.US_ASCII));
      LogStream stream = LogStream.of(new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII));
      String tag = new String(line, s2 + 1, tagEnd - s2 - 1, StandardCharsets.US_ASCII);
      // Tags are ':'-separated; the first says full or partial.
      boolean partial = tag.split(":", 2)[0].equals("P");
      byte[] content = s3 < 0 ? new byte[0] : Arrays.copyOfRange(line, s3 + 1, end);
      return Optional.of(new CriLogLine(time, stream, partial, content));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static Optional<CriLogLine> parse(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return parse(b, 0, b.length);
  }

  private static int indexOf(byte[] b, byte v, int from, int to) {
    for (int i = from; i < to; i++) if (b[i] == v) return i;
    return -1;
  }
}
