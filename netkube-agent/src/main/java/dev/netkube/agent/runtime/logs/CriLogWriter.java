package dev.netkube.agent.runtime.logs;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * A container's output as containerd writes it to the CRI log file (pkg/cri/io/logger.go): each line of each
 * stream becomes {@code <time> <stream> F <line>}, without its newline ({@code \r\n} included); a line longer than
 * 16 KiB is written in {@code P} parts; what is left without a newline when a stream ends is written as a {@code P}
 * line. Safe for one writer thread per stream.
 */
public final class CriLogWriter implements Closeable {
  /** containerd's max_container_log_line_size default. */
  public static final int MAX_LINE = 16 * 1024;

  private final OutputStream out;
  private final Clock clock;
  private final Map<LogStream, ByteArrayOutputStream> pending = new EnumMap<>(LogStream.class);

  public CriLogWriter(Path file, Clock clock) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    this.clock = clock;
    for (LogStream s : LogStream.values()) pending.put(s, new ByteArrayOutputStream());
  }

  /** Bytes the container wrote to {@code stream}; complete lines are in the file when this returns. */
  public synchronized void write(LogStream stream, byte[] data, int off, int len) throws IOException {
    ByteArrayOutputStream buf = pending.get(stream);
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    String prefix = null;
    for (int i = off; i < off + len; i++) {
      byte b = data[i];
      if (b == '\n') {
        if (prefix == null) prefix = CriTimestamps.format(clock.instant());
        line(lines, prefix, stream, false, trimCr(buf));
        buf.reset();
      } else {
        buf.write(b);
        if (buf.size() > MAX_LINE) { // containerd cuts only lines longer than the limit
          if (prefix == null) prefix = CriTimestamps.format(clock.instant());
          byte[] all = buf.toByteArray();
          line(lines, prefix, stream, true, java.util.Arrays.copyOf(all, MAX_LINE));
          buf.reset();
          buf.write(all, MAX_LINE, all.length - MAX_LINE);
        }
      }
    }
    if (lines.size() > 0) {
      lines.writeTo(out);
      out.flush();
    }
  }

  /** The stream ended: what is left of its last line is written as a partial line. */
  public synchronized void endOfStream(LogStream stream) throws IOException {
    ByteArrayOutputStream buf = pending.get(stream);
    if (buf.size() == 0) return;
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    line(lines, CriTimestamps.format(clock.instant()), stream, true, buf.toByteArray());
    buf.reset();
    lines.writeTo(out);
    out.flush();
  }

  private static byte[] trimCr(ByteArrayOutputStream buf) {
    byte[] b = buf.toByteArray();
    return b.length > 0 && b[b.length - 1] == '\r' ? java.util.Arrays.copyOf(b, b.length - 1) : b;
  }

  private static void line(ByteArrayOutputStream to, String time, LogStream stream, boolean partial, byte[] content) {
    byte[] head = (time + " " + stream.tag() + (partial ? " P " : " F ")).getBytes(StandardCharsets.US_ASCII);
    to.write(head, 0, head.length);
    to.write(content, 0, content.length);
    to.write('\n');
  }

  @Override
  public synchronized void close() throws IOException {
    for (LogStream s : LogStream.values()) endOfStream(s);
    out.close();
  }
}
