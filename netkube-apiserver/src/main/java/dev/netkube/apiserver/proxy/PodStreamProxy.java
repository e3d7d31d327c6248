package dev.netkube.apiserver.proxy;

import dev.netkube.apiserver.http.PeerCertificates;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.auth.UserInfo;
import dev.netkube.apiserver.http.RequestAuthenticator;
import dev.netkube.apiserver.registry.ObjectStore;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
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
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's streaming proxy for pods/exec, pods/attach, pods/portforward and pods/log
 * (kube-apiserver's UpgradeAwareHandler and LocationStreamer). It sits in front of the
 * aggregator and takes these requests out of the normal path: the request head is enough. The
 * user is authenticated, the pod and its node are looked up ({@link KubeletLocation}), and the
 * request goes to the node's kubelet over TLS with the API server's kubelet client
 * certificate. An upgrade (101) splices both connections byte for byte; any other kubelet
 * answer to an upgrade is passed on as it is (kubectl prints it after "unable to upgrade
 * connection"); a log response streams through, and a log error becomes a Status as upstream's
 * response checker makes it.
 */
public final class PodStreamProxy extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(PodStreamProxy.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int MAX_ERROR_BODY = 64 * 1024;
  /** The client pipeline's HTTP handlers, removed once the connection is spliced. */
  private static final List<String> HTTP_HANDLERS = List.of("continue", "aggregate", "api");

  /** What the proxy needs of the server; one per server, one handler per connection. */
  public record Backend(ResourceService service, RequestAuthenticator authenticator, ExecutorService workers,
      Supplier<SslContext> kubeletTls) {}

  private final Backend backend;
  private boolean intercepting;
  private Channel paused;

  public PodStreamProxy(Backend backend) { this.backend = backend; }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest req) {
      QueryStringDecoder uri = new QueryStringDecoder(req.uri());
      Optional<PodSubresource> sub = PodSubresource.parse(req.method().name(), uri.path());
      intercepting = sub.isPresent();
      if (!intercepting) {
        ctx.fireChannelRead(msg);
        return;
      }
      ReferenceCountUtil.release(msg);
      ctx.channel().config().setAutoRead(false);
      X509Certificate[] chain = PeerCertificates.of(ctx);
      HttpHeaders headers = req.headers().copy();
      try {
        backend.workers().execute(() -> resolve(ctx, req.method(), sub.get(), uri, headers, chain));
      } catch (RejectedExecutionException e) {
        writeStatus(ctx, ApiException.tooManyRequests("the server is shutting down"));
      }
      return;
    }
    if (msg instanceof HttpContent && intercepting) {
      ReferenceCountUtil.release(msg); // upgrade and log requests have no body worth passing on
      return;
    }
    ctx.fireChannelRead(msg);
  }

  // ------------------------------------------------------------------ resolve (worker thread)

  private void resolve(ChannelHandlerContext ctx, HttpMethod method, PodSubresource sub, QueryStringDecoder uri,
      HttpHeaders headers, X509Certificate[] chain) {
    try {
      Optional<UserInfo> user = backend.authenticator().authenticate(chain, headers.get(HttpHeaderNames.AUTHORIZATION));
      if (user.isEmpty()) throw ApiException.unauthorized();
      ObjectNode pod = get("pods", sub.namespace(), sub.pod()).orElseThrow(() -> ApiException.notFound("", "pods", sub.pod()));
      KubeletLocation location = KubeletLocation.locate(sub, uri.parameters(), pod, node -> get("nodes", "", node));
      if (location instanceof KubeletLocation.Kubelet kubelet) {
        ctx.executor().execute(() -> connect(ctx, method, sub, kubelet, headers));
      } else {
        ctx.executor().execute(() -> emptyLog(ctx));
      }
    } catch (ApiException e) {
      ctx.executor().execute(() -> writeStatus(ctx, e));
    } catch (RuntimeException e) {
      LOG.warn("{} of pod {}/{} failed", sub.kind(), sub.namespace(), sub.pod(), e);
      ctx.executor().execute(() -> writeStatus(ctx, ApiException.internal(String.valueOf(e.getMessage()))));
    }
  }

  private Optional<ObjectNode> get(String resource, String ns, String name) {
    ServedResource r = backend.service().registry().find("", "v1", resource).orElseThrow();
    return backend.service().objects().get(r, ns, name).map(ObjectStore.Stored::object);
  }

  // ------------------------------------------------------------------ the kubelet leg (event loop)

  private void connect(ChannelHandlerContext ctx, HttpMethod method, PodSubresource sub, KubeletLocation.Kubelet kubelet,
      HttpHeaders clientHeaders) {
    Channel client = ctx.channel();
    if (!client.isActive()) return;
    SslContext tls = backend.kubeletTls().get();
    new Bootstrap()
        .group(client.eventLoop()) // one thread for both legs: no locking in the splice
        .channel(client instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
        .option(ChannelOption.AUTO_READ, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            SslHandler ssl = tls.newHandler(ch.alloc(), kubelet.host(), kubelet.port());
            SSLEngine engine = ssl.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the serving certificate must name the node's address
            engine.setSSLParameters(params);
            ch.pipeline().addLast("tls", ssl).addLast("http", new HttpClientCodec())
                .addLast("relay", new KubeletResponse(ctx, sub));
          }
        })
        .connect(kubelet.host(), kubelet.port())
        .addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess()) {
            writeStatus(ctx, dialError(sub, kubelet, f.cause()));
            return;
          }
          Channel upstream = f.channel();
          client.closeFuture().addListener(c -> upstream.close());
          DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, kubelet.pathAndQuery(),
              Unpooled.EMPTY_BUFFER);
          for (Map.Entry<String, String> h : clientHeaders) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Host")
                || name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
              continue;
            }
            out.headers().add(name, h.getValue());
          }
          out.headers().set(HttpHeaderNames.HOST, kubelet.host() + ":" + kubelet.port());
          if (method.equals(HttpMethod.POST)) out.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
          upstream.writeAndFlush(out);
        });
  }

  /** The kubelet's answer, on the kubelet channel; {@code clientCtx} is this proxy's place in the client's pipeline. */
  private final class KubeletResponse extends ChannelInboundHandlerAdapter {
    private final ChannelHandlerContext clientCtx;
    private final PodSubresource sub;
    private boolean streaming;
    private boolean failed;
    private int failedStatus;
    private ByteBuf failedBody;

    KubeletResponse(ChannelHandlerContext clientCtx, PodSubresource sub) {
      this.clientCtx = clientCtx;
      this.sub = sub;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpResponse resp) {
        int code = resp.status().code();
        if (code == 101 && sub.kind().upgrades()) {
          splice(ctx, resp);
        } else if (sub.kind().upgrades() || (code >= 200 && code <= 206)) {
          streaming = true; // pass the answer on as it is
          HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, resp.status(), resp.headers().copy());
          head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
          clientCtx.writeAndFlush(head);
        } else {
          failed = true;
          failedStatus = code;
          failedBody = ctx.alloc().buffer();
        }
      }
      if (msg instanceof HttpContent content) {
        if (streaming) {
          boolean last = content instanceof LastHttpContent;
          var f = clientCtx.writeAndFlush(last ? new io.netty.handler.codec.http.DefaultLastHttpContent(content.content().retain())
              : new DefaultHttpContent(content.content().retain()));
          if (last) {
            f.addListener(ChannelFutureListener.CLOSE);
            ctx.close();
          } else if (!clientCtx.channel().isWritable()) {
            paused = ctx.channel(); // a slow log reader: stop reading the kubelet until the client drained
            paused.config().setAutoRead(false);
          }
        } else if (failed) {
          if (failedBody.readableBytes() < MAX_ERROR_BODY) failedBody.writeBytes(content.content());
          if (content instanceof LastHttpContent) {
            String body = failedBody.toString(StandardCharsets.UTF_8).trim();
            failedBody.release();
            failed = false;
            writeStatus(clientCtx, logError(failedStatus, body, sub.pod()));
            ctx.close();
          }
        }
      }
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (failedBody != null && failed) failedBody.release();
      if (clientCtx.channel().isActive() && !spliced) clientCtx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug("kubelet connection for {} failed", sub, cause);
      if (!streaming && !spliced && clientCtx.channel().isActive()) {
        writeStatus(clientCtx, ApiException.internal("error dialing backend: " + cause.getMessage()));
      }
      ctx.close();
    }

    private boolean spliced;

    /** The 101: both pipelines drop HTTP and copy bytes; the client gets the kubelet's 101 head as it came. */
    private void splice(ChannelHandlerContext upstreamCtx, HttpResponse resp) {
      spliced = true;
      Channel client = clientCtx.channel();
      Channel upstream = upstreamCtx.channel();
      StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
      for (Map.Entry<String, String> h : resp.headers()) head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      head.append("\r\n");
      ChannelPipeline cp = client.pipeline();
      cp.replace("http", "splice", new Splice(upstream));
      for (String name : HTTP_HANDLERS) if (cp.get(name) != null) cp.remove(name);
      cp.remove(PodStreamProxy.this);
      client.writeAndFlush(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1));
      ChannelPipeline up = upstream.pipeline();
      up.replace("http", "splice", new Splice(client));
      up.remove(this);
      client.config().setAutoRead(true);
    }
  }

  /**
   * A kubelet that cannot be reached, in Go's words: an upgrade answers as UpgradeAwareHandler
   * does ("error dialing backend: dial tcp ..."), a log as the failed GET (a Status of reason
   * Unknown, which kubectl prints as "Error from server: Get ...").
   */
  static ApiException dialError(PodSubresource sub, KubeletLocation.Kubelet kubelet, Throwable cause) {
    String address = kubelet.host() + ":" + kubelet.port();
    String why = cause instanceof java.net.ConnectException && String.valueOf(cause.getMessage()).contains("refused")
        ? "connect: connection refused"
        : cause instanceof io.netty.channel.ConnectTimeoutException ? "i/o timeout" : String.valueOf(cause.getMessage());
    String dial = "dial tcp " + address + ": " + why;
    if (sub.kind().upgrades()) return ApiException.internal("error dialing backend: " + dial);
    return new ApiException(500, "Unknown", "Get \"https://" + address + kubelet.pathAndQuery() + "\": " + dial, null);
  }

  /** GenericHttpResponseChecker: a kubelet error on pods/log as kube-apiserver reports it. */
  static ApiException logError(int status, String body, String pod) {
    return switch (status) {
      case 400 -> ApiException.badRequest(body);
      case 500 -> ApiException.internal(body);
      case 404 -> new ApiException(404, "NotFound", "the server could not find the requested resource ( pods/log " + pod + ")", null);
      default -> new ApiException(status, "Unknown",
          "the server responded with the status code " + status + " but did not return more information ( pods/log " + pod + ")", null);
    };
  }

  // ------------------------------------------------------------------ answers on the client connection

  private static void emptyLog(ChannelHandlerContext ctx) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  private static void writeStatus(ChannelHandlerContext ctx, ApiException e) {
    if (!ctx.channel().isActive()) return;
    byte[] body = Json.bytes(e.toStatus());
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(e.code()),
        Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    r.headers().set("Cache-Control", "no-cache, private");
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (paused != null && ctx.channel().isWritable()) {
      paused.config().setAutoRead(true);
      paused = null;
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("streaming proxy connection error", cause);
    ctx.close();
  }
}
