package dev.netkube.apiserver.http;

import dev.netkube.apiserver.auth.UserInfo;
import dev.netkube.model.api.ApiException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty adapter: authenticates each request, runs it on a worker thread (the store may
 * block), and writes the response or the watch stream back. Keeps no state between requests.
 */
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  private static final long MAX_PENDING_WATCH_BYTES = 16L * 1024 * 1024;

  private final Router router;
  private final RequestAuthenticator authenticator;
  private final ExecutorService workers;
  private final Runnable served;

  /** {@code served} runs after each request has been answered (ApiServer's first-request signal). */
  public ApiHandler(Router router, RequestAuthenticator authenticator, ExecutorService workers, Runnable served) {
    this.router = router;
    this.authenticator = authenticator;
    this.workers = workers;
    this.served = served;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
    QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
    byte[] body = ByteBufUtil.getBytes(msg.content());
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    X509Certificate[] chain = PeerCertificates.of(ctx);
    String method = msg.method().name();
    io.netty.handler.codec.http.HttpHeaders headers = msg.headers().copy();
    try {
      workers.execute(() -> serve(ctx, method, uri, headers, body, chain, keepAlive));
    } catch (RejectedExecutionException e) {
      write(ctx, ApiResponse.error(ApiException.tooManyRequests("the server is shutting down")), false);
    }
  }

  private void serve(ChannelHandlerContext ctx, String method, QueryStringDecoder uri,
      io.netty.handler.codec.http.HttpHeaders headers, byte[] body, X509Certificate[] chain, boolean keepAlive) {
    String path = uri.path();
    ChunkedWatchWriter stream = new ChunkedWatchWriter(ctx, keepAlive);
    try {
      Optional<UserInfo> user = authenticator.authenticate(chain, headers.get(HttpHeaderNames.AUTHORIZATION));
      if (user.isEmpty() && (!Router.isPublic(path) || authenticator.presentedBadCredentials(headers))) {
        write(ctx, ApiResponse.error(ApiException.unauthorized()), keepAlive);
        return;
      }
      ApiRequest req = new ApiRequest(method, path, uri.parameters(), headers, body, user.orElse(null));
      ApiResponse resp = router.route(req, stream);
      if (resp != null) write(ctx, resp, keepAlive);
    } catch (ApiException e) {
      if (stream.started()) stream.end(); else write(ctx, ApiResponse.error(e), keepAlive);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", method, path, e);
      ApiResponse err = ApiResponse.error(ApiException.internal(String.valueOf(e.getMessage())));
      if (stream.started()) stream.end(); else write(ctx, err, keepAlive);
    } finally {
      served.run();
    }
  }

  static void write(ChannelHandlerContext ctx, ApiResponse resp, boolean keepAlive) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(resp.status()),
        Unpooled.wrappedBuffer(resp.body()));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, resp.contentType());
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, resp.body().length);
    r.headers().set("Cache-Control", "no-cache, private");
    for (String w : resp.warnings()) r.headers().add("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\"");
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(r);
    } else {
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection error", cause);
    ctx.close();
  }

  /** A watch response: chunked transfer, one JSON event per chunk. */
  private static final class ChunkedWatchWriter implements WatchWriter {
    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<Runnable> onClose = new java.util.ArrayList<>();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<? super Void>> channelClosed =
        f -> closed();

    // One per request on a keep-alive connection: only a watch listens for the connection's close
    // (and stops listening when it ends), or every request would leave a listener behind.
    ChunkedWatchWriter(ChannelHandlerContext ctx, boolean keepAlive) {
      this.ctx = ctx;
      this.keepAlive = keepAlive;
    }

    private void listenForClose() {
      if (listening.compareAndSet(false, true)) ctx.channel().closeFuture().addListener(channelClosed);
    }

    boolean started() { return started.get(); }

    @Override
    public void begin(String contentType) {
      listenForClose();
      if (!started.compareAndSet(false, true)) return;
      HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
      r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      r.headers().set("Cache-Control", "no-cache, private");
      ctx.writeAndFlush(r);
    }

    @Override
    public boolean send(byte[] json) {
      if (ended.get() || !ctx.channel().isActive()) return false;
      // A client that stops reading is let go, as kube-apiserver drops watchers that fall behind;
      // it comes back with its last resourceVersion and misses nothing.
      var pending = ctx.channel().unsafe().outboundBuffer();
      if (pending != null && pending.totalPendingWriteBytes() > MAX_PENDING_WATCH_BYTES) {
        LOG.info("closing a watch whose client fell {} bytes behind", pending.totalPendingWriteBytes());
        end();
        return false;
      }
      ByteBuf buf = Unpooled.buffer(json.length + 1);
      buf.writeBytes(json).writeByte('\n');
      ctx.writeAndFlush(new DefaultHttpContent(buf));
      return true;
    }

    @Override
    public void end() {
      if (!ended.compareAndSet(false, true)) return;
      if (ctx.channel().isActive()) {
        var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
      }
      closed();
    }

    private void closed() {
      List<Runnable> actions;
      synchronized (onClose) {
        ended.set(true);
        actions = List.copyOf(onClose);
        onClose.clear();
      }
      if (listening.get()) ctx.channel().closeFuture().removeListener(channelClosed);
      for (Runnable r : actions) run(r);
    }

    @Override
    public void onClose(Runnable action) {
      listenForClose();
      synchronized (onClose) {
        if (!ended.get()) {
          onClose.add(action);
          return;
        }
      }
      run(action);
    }

    private static void run(Runnable action) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.debug("watch cleanup failed", e);
      }
    }
  }
}
