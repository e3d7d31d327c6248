package dev.netkube.agent.streaming;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Which log bytes a request gets, as kubelet's ReadLogs decides: entries before sinceTime are
 * skipped, tailLines keeps the last n entries of what was written when the request came (then
 * follows), timestamps prefix each entry with its time (RFC 3339, nine fraction digits, as
 * kubelet writes them), and limitBytes cuts the output after that many bytes. Pure: entries in,
 * chunks to send out.
 */
final class LogWindow {
  static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
      .withZone(ZoneOffset.UTC);

  private final LogOptions options;
  private final Deque<byte[]> tail = new ArrayDeque<>();
  private long bytesLeft;
  private boolean live;

  LogWindow(LogOptions options) {
    this.options = options;
    this.bytesLeft = options.limitBytes().orElse(Long.MAX_VALUE);
    this.live = options.tailLines().isEmpty();
  }

  /** An entry; returns what to send now (nothing while the tail is still being collected). */
  List<byte[]> offer(LogEntry entry) {
    if (exhausted()) return List.of();
    if (options.sinceTime().isPresent() && entry.time().isBefore(options.sinceTime().get())) return List.of();
    byte[] rendered = render(entry);
    if (!live) {
      long keep = options.tailLines().getAsLong();
      if (keep == 0) return List.of();
      tail.addLast(rendered);
      while (tail.size() > keep) tail.removeFirst();
      return List.of();
    }
    return limit(List.of(rendered));
  }

  /** Everything written before the request has been offered: the tail goes out, later entries go straight. */
  List<byte[]> caughtUp() {
    if (live) return List.of();
    live = true;
    List<byte[]> out = new ArrayList<>(tail);
    tail.clear();
    return limit(out);
  }

  /** limitBytes reached: nothing more will be sent. */
  boolean exhausted() { return bytesLeft <= 0; }

  private byte[] render(LogEntry entry) {
    if (!options.timestamps()) return entry.content();
    byte[] prefix = (TIMESTAMP.format(entry.time()) + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + entry.content().length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(entry.content(), 0, out, prefix.length, entry.content().length);
    return out;
  }

  private List<byte[]> limit(List<byte[]> chunks) {
    List<byte[]> out = new ArrayList<>(chunks.size());
    for (byte[] c : chunks) {
      if (bytesLeft <= 0) break;
      if (c.length <= bytesLeft) {
        out.add(c);
        bytesLeft -= c.length;
      } else {
        out.add(java.util.Arrays.copyOf(c, (int) bytesLeft));
        bytesLeft = 0;
      }
    }
    return out;
  }
}
