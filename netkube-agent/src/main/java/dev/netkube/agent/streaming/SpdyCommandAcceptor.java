package dev.netkube.agent.streaming;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Exec and attach over SPDY (kubelet's remotecommand httpstream handlers): waits for the
 * streams the request asked for (error, and stdin/stdout/stderr/resize as requested, each
 * identified by its {@code streamtype} header), then starts the session; stdout and stderr end
 * with FIN, the status goes on the error stream, and the connection ends with GOAWAY.
 */
final class SpdyCommandAcceptor implements SpdyServerSession.Acceptor, CommandTransport {
  /** kubelet's default stream creation timeout. */
  static final long STREAM_CREATION_SECONDS = 30;

  enum Kind { ERROR, STDIN, STDOUT, STDERR, RESIZE }

  private final RemoteCommandSession session;
  private final CommandOptions options;
  /** v4.channel.k8s.io: JSON status and resize; v3: resize; v2/v1: neither. */
  private final boolean jsonStatus;
  private final boolean resizeStream;
  private final Map<Kind, SpdyStream> streams = new EnumMap<>(Kind.class);
  private SpdyServerSession connection;
  private io.netty.channel.Channel channel;
  private ScheduledFuture<?> timeout;
  private boolean started;

  SpdyCommandAcceptor(RemoteCommandSession session, CommandOptions options, String protocol) {
    this.session = session;
    this.options = options;
    this.jsonStatus = protocol.equals("v4.channel.k8s.io");
    this.resizeStream = jsonStatus || protocol.equals("v3.channel.k8s.io");
  }

  /** Called once the SPDY pipeline is in place. */
  void attach(SpdyServerSession connection, io.netty.channel.Channel channel) {
    this.connection = connection;
    this.channel = channel;
    timeout = channel.eventLoop().schedule(() -> {
      if (!started) channel.close(); // kubelet: "timed out waiting for client to create streams"
    }, STREAM_CREATION_SECONDS, TimeUnit.SECONDS);
  }

  private int expected() {
    int n = 1;
    if (options.stdin()) n++;
    if (options.stdout()) n++;
    if (options.stderr()) n++;
    if (options.tty() && resizeStream) n++;
    return n;
  }

  @Override
  public boolean accept(SpdyStream stream) {
    Kind kind;
    try {
      kind = Kind.valueOf(stream.header("streamtype").toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return true; // upstream logs "unexpected stream type" and leaves it be
    }
    streams.put(kind, stream);
    switch (kind) {
      case STDIN -> {
        stream.onData(session::stdin);
        stream.onRemoteEnd(session::stdinClosed);
      }
      case RESIZE -> stream.onData(session::resize);
      default -> { }
    }
    if (!started && streams.size() >= expected()) {
      started = true;
      if (timeout != null) timeout.cancel(false);
      // the SYN_REPLY of this stream is written right after accept(); start after it
      channel.eventLoop().execute(() -> session.start(this));
    }
    return true;
  }

  @Override
  public void closed() { session.clientGone(); }

  // ------------------------------------------------------------------ CommandTransport

  private SpdyStream stream(Output out) { return streams.get(out == Output.STDOUT ? Kind.STDOUT : Kind.STDERR); }

  @Override
  public void write(Output out, byte[] data, int length) {
    SpdyStream s = stream(out);
    if (s != null) s.write(data, length);
  }

  @Override
  public void endOutput(Output out) {
    SpdyStream s = stream(out);
    if (s != null) s.finish();
  }

  @Override
  public void writeStatus(ExecStatus status) {
    SpdyStream error = streams.get(Kind.ERROR);
    if (error == null) return;
    byte[] payload = status.encode(jsonStatus);
    error.write(payload, payload.length);
    error.finish();
  }

  @Override
  public void finish() {
    for (SpdyStream s : streams.values()) s.finish();
    channel.eventLoop().execute(connection::goAway);
  }

  @Override
  public void pauseInput(boolean pause) { channel.config().setAutoRead(!pause); }
}
