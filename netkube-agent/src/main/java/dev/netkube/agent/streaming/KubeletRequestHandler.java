package dev.netkube.agent.streaming;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kubelet's streaming endpoints over one HTTP/1.1 connection: routes the request head, asks the
 * runtime (on a worker thread: it may block), then either answers with an error as kubelet
 * words it or upgrades the connection — WebSocket (channel protocols, or SPDY tunnelled for
 * port-forward) or SPDY/3.1 — and hands it to the protocol's handlers. Container logs stream as
 * a chunked response. Reading pauses while a request is being resolved.
 */
final class KubeletRequestHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(KubeletRequestHandler.class);
  static final int MAX_WEBSOCKET_MESSAGE = 16 * 1024 * 1024;
  /** remotecommand over SPDY, newest first (kubelet's SupportedStreamingProtocols). */
  static final List<String> SPDY_COMMAND_PROTOCOLS =
      List.of("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io");
  static final String PORT_FORWARD_PROTOCOL = "portforward.k8s.io";

  private final StreamingRuntime runtime;
  private final ExecutorService workers;
  private final Clock clock;
  private boolean busy; // a request is being served; the rest of its body is dropped

  KubeletRequestHandler(StreamingRuntime runtime, ExecutorService workers, Clock clock) {
    this.runtime = runtime;
    this.workers = workers;
    this.clock = clock;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest req) {
        busy = true;
        ctx.channel().config().setAutoRead(false);
        route(ctx, req);
      }
      // HttpContent: upgrade and log requests carry no body.
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void route(ChannelHandlerContext ctx, HttpRequest req) {
    QueryStringDecoder uri = new QueryStringDecoder(req.uri());
    Optional<KubeletPath> path = KubeletPath.parse(uri.path());
    if (path.isEmpty()) {
      respond(ctx, 404, "404 page not found\n");
      return;
    }
    KubeletPath p = path.get();
    boolean get = req.method().equals(HttpMethod.GET);
    boolean post = req.method().equals(HttpMethod.POST);
    switch (p.endpoint()) {
      case HEALTHZ -> respond(ctx, 200, "ok");
      case EXEC, ATTACH -> {
        if (!get && !post) respond(ctx, 405, "405: Method Not Allowed");
        else remoteCommand(ctx, req, uri.parameters(), p);
      }
      case PORT_FORWARD -> {
        if (!get && !post) respond(ctx, 405, "405: Method Not Allowed");
        else portForward(ctx, req, p.pod().orElseThrow());
      }
      case CONTAINER_LOGS -> {
        if (!get) respond(ctx, 405, "405: Method Not Allowed");
        else containerLogs(ctx, uri.parameters(), p);
      }
    }
  }

  // ------------------------------------------------------------------ exec / attach

  private void remoteCommand(ChannelHandlerContext ctx, HttpRequest req, Map<String, List<String>> query, KubeletPath p) {
    CommandOptions options;
    try {
      options = CommandOptions.parse(query);
    } catch (StreamingException e) {
      respond(ctx, e.status(), e.getMessage());
      return;
    }
    boolean attach = p.endpoint() == KubeletPath.Endpoint.ATTACH;
    if (!attach && options.command().isEmpty()) {
      respond(ctx, 400, "you must specify at least one command for the container");
      return;
    }
    HttpHeaders h = req.headers();
    Optional<String> spdyProtocol = Optional.empty();
    Optional<ChannelProtocol> wsProtocol = Optional.empty();
    if (isWebSocket(h)) {
      List<String> offers = ProtocolNegotiation.offers(h.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
      Optional<String> picked = offers.isEmpty() ? Optional.of("") : ProtocolNegotiation.pick(offers, ChannelProtocol.names());
      if (picked.isEmpty()) {
        respond(ctx, 403, "requested protocol(s) are not supported: " + ExecStatus.goList(offers) + "; supports "
            + ExecStatus.goList(ChannelProtocol.names()));
        return;
      }
      wsProtocol = Optional.of(ChannelProtocol.of(picked.get()));
    } else {
      Optional<String> refusal = spdyRefusal(h);
      if (refusal.isPresent()) {
        respond(ctx, 400, refusal.get());
        return;
      }
      spdyProtocol = negotiateSpdy(ctx, h, SPDY_COMMAND_PROTOCOLS);
      if (spdyProtocol.isEmpty()) return;
    }
    PodRef pod = p.pod().orElseThrow();
    Optional<ChannelProtocol> ws = wsProtocol;
    Optional<String> spdy = spdyProtocol;
    work(ctx, () -> {
      ExecSession exec = attach ? runtime.attach(pod, p.container(), options.tty(), options.stdin())
          : runtime.exec(pod, p.container(), options.command(), options.tty(), options.stdin());
      RemoteCommandSession session = new RemoteCommandSession(exec, options, attach, workers);
      ctx.executor().execute(() -> {
        if (!ctx.channel().isActive()) {
          exec.close();
          return;
        }
        if (ws.isPresent()) {
          upgradeWebSocket(ctx, req, ws.get().subprotocol, pipeline -> {
            pipeline.addAfter("wsdecoder", "wsaggregate", new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE));
            pipeline.addAfter("wsaggregate", "remotecommand", new WebSocketCommandHandler(ws.get(), options, session));
          }, exec::close);
        } else {
          SpdyCommandAcceptor acceptor = new SpdyCommandAcceptor(session, options, spdy.get());
          SpdyServerSession connection = new SpdyServerSession(acceptor);
          upgradeSpdy(ctx, spdy.get(), connection, () -> acceptor.attach(connection, ctx.channel()));
        }
      });
    });
  }

  // ------------------------------------------------------------------ port-forward

  private void portForward(ChannelHandlerContext ctx, HttpRequest req, PodRef pod) {
    HttpHeaders h = req.headers();
    boolean ws = isWebSocket(h);
    Optional<String> spdy = Optional.empty();
    if (ws) {
      List<String> offers = ProtocolNegotiation.offers(h.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
      if (!offers.contains(WebSocketTunnel.SUBPROTOCOL)) {
        respond(ctx, 403, "requested protocol(s) are not supported: " + ExecStatus.goList(offers) + "; supports ["
            + WebSocketTunnel.SUBPROTOCOL + "]");
        return;
      }
    } else {
      Optional<String> refusal = spdyRefusal(h);
      if (refusal.isPresent()) {
        respond(ctx, 400, refusal.get());
        return;
      }
      spdy = negotiateSpdy(ctx, h, List.of(PORT_FORWARD_PROTOCOL));
      if (spdy.isEmpty()) return;
    }
    Optional<String> spdyProtocol = spdy;
    work(ctx, () -> {
      runtime.checkPortForward(pod);
      ctx.executor().execute(() -> {
        PortForwardAcceptor acceptor = new PortForwardAcceptor(pod, runtime, workers);
        SpdyServerSession connection = new SpdyServerSession(acceptor);
        if (ws) {
          upgradeWebSocket(ctx, req, WebSocketTunnel.SUBPROTOCOL, pipeline -> {
            pipeline.addAfter("wsdecoder", "tunnel", new WebSocketTunnel());
            pipeline.addAfter("tunnel", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
            pipeline.addAfter("spdy", "portforward", connection);
            acceptor.attach(ctx.channel());
          }, () -> { });
        } else {
          upgradeSpdy(ctx, spdyProtocol.get(), connection, () -> acceptor.attach(ctx.channel()));
        }
      });
    });
  }

  // ------------------------------------------------------------------ logs

  private void containerLogs(ChannelHandlerContext ctx, Map<String, List<String>> query, KubeletPath p) {
    LogOptions options;
    try {
      options = LogQuery.parse(query, clock);
    } catch (StreamingException e) {
      respond(ctx, e.status(), e.getMessage());
      return;
    }
    PodRef pod = p.pod().orElseThrow();
    work(ctx, () -> {
      LogStream stream = runtime.logs(pod, p.container(), options);
      Channel ch = ctx.channel();
      ch.closeFuture().addListener(f -> stream.close());
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ch.writeAndFlush(head);
      try (stream) {
        streamLogs(ch, stream, new LogWindow(options));
      } catch (java.io.IOException e) {
        LOG.debug("log stream of {} failed", pod, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    });
  }

  private static void streamLogs(Channel ch, LogStream stream, LogWindow window)
      throws java.io.IOException, InterruptedException {
    boolean tailSent = false;
    while (ch.isActive() && !window.exhausted()) {
      if (!tailSent && stream.caughtUp()) {
        send(ch, window.caughtUp());
        tailSent = true;
      }
      Optional<LogEntry> entry = stream.next();
      if (entry.isEmpty()) break;
      send(ch, window.offer(entry.get()));
    }
    if (!tailSent) send(ch, window.caughtUp());
  }

  private static void send(Channel ch, List<byte[]> chunks) {
    for (byte[] c : chunks) {
      var f = ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(c)));
      if (!ch.isWritable()) f.awaitUninterruptibly();
    }
  }

  // ------------------------------------------------------------------ upgrades

  private static boolean isWebSocket(HttpHeaders h) {
    return h.get(HttpHeaderNames.UPGRADE, "").equalsIgnoreCase("websocket") && connectionUpgrade(h);
  }

  private static boolean connectionUpgrade(HttpHeaders h) {
    return h.get(HttpHeaderNames.CONNECTION, "").toLowerCase(Locale.ROOT).contains("upgrade");
  }

  /** spdy.UpgradeResponse's check of the request's upgrade headers. */
  private static Optional<String> spdyRefusal(HttpHeaders h) {
    if (connectionUpgrade(h) && h.get(HttpHeaderNames.UPGRADE, "").toLowerCase(Locale.ROOT).contains("spdy/3.1")) {
      return Optional.empty();
    }
    return Optional.of("unable to upgrade: missing upgrade headers in request: " + goHeaders(h));
  }

  private static String goHeaders(HttpHeaders h) {
    StringBuilder sb = new StringBuilder("http.Header{");
    boolean first = true;
    for (String name : h.names()) {
      if (!first) sb.append(", ");
      first = false;
      sb.append('"').append(name).append("\":[]string{");
      List<String> values = h.getAll(name);
      for (int i = 0; i < values.size(); i++) sb.append(i > 0 ? ", " : "").append('"').append(values.get(i)).append('"');
      sb.append('}');
    }
    return sb.append('}').toString();
  }

  /** httpstream.Handshake: the client's first X-Stream-Protocol-Version the server accepts; answers the refusal itself. */
  private Optional<String> negotiateSpdy(ChannelHandlerContext ctx, HttpHeaders h, List<String> supported) {
    List<String> offers = ProtocolNegotiation.offers(h.getAll("X-Stream-Protocol-Version"));
    if (offers.isEmpty()) {
      respond(ctx, 400, "unable to upgrade: X-Stream-Protocol-Version is required");
      return Optional.empty();
    }
    Optional<String> picked = ProtocolNegotiation.pick(offers, supported);
    if (picked.isEmpty()) {
      FullHttpResponse r = text(403, "unable to upgrade: unable to negotiate protocol: client supports "
          + ExecStatus.goList(offers) + ", server accepts " + ExecStatus.goList(supported));
      for (String s : supported) r.headers().add("X-Accepted-Stream-Protocol-Versions", s);
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
    return picked;
  }

  private void upgradeWebSocket(ChannelHandlerContext ctx, HttpRequest req, String subprotocol,
      java.util.function.Consumer<ChannelPipeline> install, Runnable onFailure) {
    DefaultFullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
        Unpooled.EMPTY_BUFFER, req.headers(), io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory("wss://kubelet" + req.uri(),
        subprotocol.isEmpty() ? null : subprotocol, false, MAX_WEBSOCKET_MESSAGE).newHandshaker(full);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      onFailure.run();
      return;
    }
    Channel ch = ctx.channel();
    handshaker.handshake(ch, full).addListener(f -> {
      if (!f.isSuccess()) {
        onFailure.run();
        ch.close();
        return;
      }
      ChannelPipeline p = ch.pipeline();
      install.accept(p);
      p.remove(this);
      ch.config().setAutoRead(true);
    });
  }

  private void upgradeSpdy(ChannelHandlerContext ctx, String protocol, SpdyServerSession connection, Runnable attached) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    r.headers().set(HttpHeaderNames.UPGRADE, "SPDY/3.1");
    r.headers().set("X-Stream-Protocol-Version", protocol);
    Channel ch = ctx.channel();
    ctx.writeAndFlush(r).addListener(f -> {
      if (!f.isSuccess()) {
        ch.close();
        return;
      }
      ChannelPipeline p = ch.pipeline();
      // Session first, then the codec in the HTTP codec's place: bytes the HTTP decoder still held
      // are handed to its replacement.
      p.addAfter("http", "spdy-session", connection);
      p.replace("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
      p.remove(this);
      attached.run();
      ch.config().setAutoRead(true);
    });
  }

  // ------------------------------------------------------------------ plumbing

  private interface Work {
    void run() throws StreamingException;
  }

  /** Runs blocking work off the event loop; a refusal becomes kubelet's plain-text answer. */
  private void work(ChannelHandlerContext ctx, Work work) {
    try {
      workers.execute(() -> {
        try {
          work.run();
        } catch (StreamingException e) {
          ctx.executor().execute(() -> respond(ctx, e.status(), e.getMessage()));
        } catch (RuntimeException e) {
          LOG.warn("streaming request failed", e);
          ctx.executor().execute(() -> respond(ctx, 500, String.valueOf(e.getMessage())));
        }
      });
    } catch (RejectedExecutionException e) {
      respond(ctx, 503, "the node agent is shutting down");
    }
  }

  private static FullHttpResponse text(int status, String body) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    r.headers().set("X-Content-Type-Options", "nosniff");
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }

  /** One answer per connection: streaming requests are not kept alive. */
  private void respond(ChannelHandlerContext ctx, int status, String body) {
    ctx.writeAndFlush(text(status, body)).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("kubelet streaming connection failed", cause);
    ctx.close();
  }
}
