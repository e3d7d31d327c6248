package dev.netkube.agent.runtime.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Serves a CRI log file as kubelet's ReadLogs does for {@code kubectl logs}: full lines end with a newline,
 * partial ones are written as they are; {@code --timestamps} puts each line's time (RFC3339Nano) and a space
 * before it; {@code --tail} counts the file's lines from its end; {@code --since} skips older lines;
 * {@code --limit-bytes} stops after that many bytes; {@code -f} keeps reading until the container has stopped and
 * the file holds nothing more. Lines that are not in the CRI format are skipped.
 */
public final class ContainerLogReader {
  private static final Duration POLL = Duration.ofMillis(50);

  private ContainerLogReader() {}

  /**
   * Writes the log to {@code out} and returns once done (or, following, once {@code running} says the container
   * stopped and everything it wrote has been read). Interrupting the thread or a failing {@code out} ends it.
   */
  public static void read(Path file, LogOptions options, OutputStream out, BooleanSupplier running) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long pos = options.tailLines().isPresent() ? tailStart(f, options.tailLines().getAsLong()) : 0;
      Budget budget = new Budget(options.limitBytes().isPresent() ? options.limitBytes().getAsLong() : Long.MAX_VALUE);
      ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
      byte[] chunk = new byte[64 * 1024];
      while (true) {
        boolean wasRunning = running.getAsBoolean();
        f.seek(pos);
        int n;
        boolean any = false;
        while ((n = f.read(chunk)) > 0) {
          any = true;
          pos += n;
          int start = 0;
          for (int i = 0; i < n; i++) {
            if (chunk[i] != '\n') continue;
            byte[] line;
            if (partialLine.size() > 0) {
              partialLine.write(chunk, start, i - start);
              line = partialLine.toByteArray();
              partialLine.reset();
            } else {
              line = java.util.Arrays.copyOfRange(chunk, start, i);
            }
            start = i + 1;
            if (!emit(line, options, out, budget)) return;
          }
          partialLine.write(chunk, start, n - start);
        }
        out.flush();
        if (!options.follow() || (!any && !wasRunning)) return;
        if (!any) sleep();
      }
    }
  }

  private static boolean emit(byte[] raw, LogOptions options, OutputStream out, Budget budget) throws IOException {
    Optional<CriLogLine> parsed = CriLogLine.parse(raw, 0, raw.length);
    if (parsed.isEmpty()) return true;
    CriLogLine line = parsed.get();
    if (!options.streams().contains(line.stream())) return true;
    if (options.since().isPresent() && line.time().isBefore(options.since().get())) return true;
    if (options.timestamps()) {
      if (!budget.write(out, (CriTimestamps.format(line.time()) + " ").getBytes(StandardCharsets.US_ASCII))) return false;
    }
    if (!budget.write(out, line.content())) return false;
    return line.partial() || budget.write(out, new byte[] {'\n'});
  }

  /** The offset of the {@code lines}-th line from the end (kubelet's tail.FindTailLineStartIndex). */
  static long tailStart(RandomAccessFile f, long lines) throws IOException {
    long length = f.length();
    if (lines <= 0) return length;
    long pos = length;
    long found = 0;
    byte[] buf = new byte[8192];
    // A last line without a newline counts as a line too.
    boolean skipLastNewline = true;
    while (pos > 0) {
      int n = (int) Math.min(buf.length, pos);
      pos -= n;
      f.seek(pos);
      f.readFully(buf, 0, n);
      for (int i = n - 1; i >= 0; i--) {
        if (buf[i] != '\n') {
          skipLastNewline = false;
          continue;
        }
        if (skipLastNewline) {
          skipLastNewline = false;
          continue;
        }
        if (++found == lines) return pos + i + 1;
      }
    }
    return 0;
  }

  private static void sleep() throws InterruptedIOException {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("log follow interrupted");
    }
  }

  /** --limit-bytes: what may still be written. */
  private static final class Budget {
    private long left;

    Budget(long left) { this.left = left; }

    boolean write(OutputStream out, byte[] b) throws IOException {
      if (left <= 0) return false;
      int n = (int) Math.min(left, b.length);
      out.write(b, 0, n);
      left -= n;
      return n == b.length;
    }
  }
}
