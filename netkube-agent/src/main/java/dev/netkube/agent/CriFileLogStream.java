package dev.netkube.agent;

import dev.netkube.agent.runtime.logs.CriLogLine;
import dev.netkube.agent.streaming.LogEntry;
import dev.netkube.agent.streaming.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A container's CRI log file as the streaming server reads it: one entry per full line (partial
 * lines joined, a newline at the end, as kubelet's ReadLogs gives them). Following, it waits for
 * more while the container runs and ends once it stopped and everything was read.
 */
final class CriFileLogStream implements LogStream {
  private static final long POLL_MS = 100;
  private final RandomAccessFile file;
  private final boolean follow;
  private final BooleanSupplier running;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final byte[] buf = new byte[16384];
  private int pos;
  private int lim;
  private boolean caughtUp;

  CriFileLogStream(Path path, boolean follow, BooleanSupplier running) throws IOException {
    this.file = new RandomAccessFile(path.toFile(), "r");
    this.follow = follow;
    this.running = running;
  }

  @Override
  public Optional<LogEntry> next() throws IOException, InterruptedException {
    while (true) {
      if (pos == lim) {
        int n = file.read(buf);
        pos = 0;
        lim = Math.max(n, 0);
      }
      int b = pos < lim ? buf[pos++] & 0xff : -1;
      if (b < 0) {
        caughtUp = true;
        if (!follow) return Optional.empty();
        boolean alive = running.getAsBoolean();
        if (!alive && file.getFilePointer() >= file.length()) return Optional.empty();
        Thread.sleep(POLL_MS);
        continue;
      }
      caughtUp = false;
      if (b != '\n') {
        line.write(b);
        continue;
      }
      Optional<CriLogLine> parsed = CriLogLine.parse(line.toByteArray(), 0, line.size());
      line.reset();
      if (parsed.isEmpty()) continue;
      CriLogLine l = parsed.get();
      partial.write(l.content());
      if (l.partial()) continue;
      partial.write('\n');
      byte[] content = partial.toByteArray();
      partial.reset();
      LogEntry.Stream stream = l.stream().name().equals("STDERR") ? LogEntry.Stream.STDERR : LogEntry.Stream.STDOUT;
      return Optional.of(new LogEntry(l.time(), stream, content));
    }
  }

  @Override
  public boolean caughtUp() { return caughtUp; }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
