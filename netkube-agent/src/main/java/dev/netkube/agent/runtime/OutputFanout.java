package dev.netkube.agent.runtime;

import dev.netkube.agent.runtime.logs.CriLogWriter;
import dev.netkube.agent.runtime.logs.LogStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A container's output: to its CRI log file always, and to every attached client while it is attached. */
final class OutputFanout {
  private static final Logger LOG = LoggerFactory.getLogger(OutputFanout.class);

  record Listener(OutputStream stdout, OutputStream stderr) {}

  private final CriLogWriter log;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  OutputFanout(CriLogWriter log) { this.log = log; }

  void add(Listener l) { listeners.add(l); }

  void remove(Listener l) { listeners.remove(l); }

  void write(LogStream stream, byte[] data, int len) {
    try {
      log.write(stream, data, 0, len);
    } catch (IOException e) {
      LOG.warn("container log write failed: {}", e.toString());
    }
    for (Listener l : listeners) {
      OutputStream out = stream == LogStream.STDOUT ? l.stdout() : l.stderr();
      if (out == null) continue;
      try {
        out.write(data, 0, len);
        out.flush();
      } catch (IOException e) {
        listeners.remove(l); // a client that went away stops receiving; the container does not notice
      }
    }
  }

  void end(LogStream stream) {
    try {
      log.endOfStream(stream);
    } catch (IOException e) {
      LOG.warn("container log write failed: {}", e.toString());
    }
  }

  void close() {
    try {
      log.close();
    } catch (IOException e) {
      LOG.warn("container log close failed: {}", e.toString());
    }
  }
}
