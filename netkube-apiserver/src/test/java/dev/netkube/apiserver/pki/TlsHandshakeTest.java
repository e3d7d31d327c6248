package dev.netkube.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over loopback with the files ClusterPki wrote. */
class TlsHandshakeTest {
  @TempDir static Path home;
  static ClusterPki pki;
  static KeyPair intruderKey;
  static List<X509Certificate> intruderChain;

  @BeforeAll
  static void setUp() throws Exception {
    pki = ClusterPki.loadOrCreate(home.resolve("pki"), List.of(), List.of());
    // A forged, self-signed CA that copies the cluster CA's name, and an admin certificate it signed: the
    // client's key manager offers it (the issuer name matches the server's CA list); only the
    // signature tells it apart.
    KeyPair forgedCaKey = Certificates.newRsaKeyPair();
    X509Certificate forgedCa = Certificates.selfSignedCa("kubernetes", forgedCaKey, Instant.now(), Duration.ofDays(1));
    intruderKey = Certificates.newRsaKeyPair();
    X509Certificate forgedAdmin = Certificates.signed(Certificates.subject("kubernetes-admin", List.of("system:masters")),
        intruderKey.getPublic(), Certificates.Usage.CLIENT, SubjectAltNames.of(List.of(), List.of()), forgedCa,
        forgedCaKey.getPrivate(), Instant.now(), Duration.ofDays(1));
    intruderChain = List.of(forgedAdmin, forgedCa);
  }

  // --- a plain JDK SSLContext built from the files, client certificate required ---

  @Test
  void jdkServerAcceptsTheAdminCertificate() throws Exception {
    CompletableFuture<SSLSession> server = jdkServerHandshake(port -> connect(port, clientContext(true)));
    assertThat(server.get(10, TimeUnit.SECONDS).getPeerPrincipal().getName())
        .isEqualTo("CN=kubernetes-admin,O=system:masters");
  }

  @Test
  void jdkServerRefusesACertificateFromAForgedCa() throws Exception {
    CompletableFuture<SSLSession> server = jdkServerHandshake(port -> connect(port, intruderContext()));
    assertThat(failure(server)).isInstanceOf(SSLHandshakeException.class);
  }

  // --- the Netty context the API server uses ---

  @Test
  void nettyServerNegotiatesHttp11WhenKubectlOffersH2First() throws Exception {
    try (NettyServer server = new NettyServer()) {
      try (SSLSocket client = connect(server.port, clientContext(true), "h2", "http/1.1")) {
        assertThat(client.getApplicationProtocol()).isEqualTo("http/1.1");
        assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
      }
      SSLSession session = server.handshake.get(10, TimeUnit.SECONDS);
      assertThat(session.getPeerPrincipal().getName()).isEqualTo("CN=kubernetes-admin,O=system:masters");
    }
  }

  @Test
  void aSingleKeyManagerPresentsTheAdminCertificate() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new javax.net.ssl.KeyManager[] {new SingleKeyManager(Pem.parsePrivateKey(pki.adminKeyPem()),
        List.of(Pem.parseCertificate(pki.adminCertificatePem())))}, trustManagers(), null);
    try (NettyServer server = new NettyServer()) {
      try (SSLSocket client = connect(server.port, context, List.of("TLSv1.2"), "http/1.1")) {
        assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");
      }
      assertThat(server.handshake.get(10, TimeUnit.SECONDS).getPeerPrincipal().getName())
          .isEqualTo("CN=kubernetes-admin,O=system:masters");
    }
  }

  @Test
  void nettyServerLetsBearerTokenClientsConnectWithoutACertificate() throws Exception {
    try (NettyServer server = new NettyServer()) {
      try (SSLSocket client = connect(server.port, clientContext(false), "http/1.1")) {
        assertThat(client.getApplicationProtocol()).isEqualTo("http/1.1");
      }
      SSLSession session = server.handshake.get(10, TimeUnit.SECONDS);
      assertThatThrownBy(session::getPeerCertificates).isInstanceOf(SSLPeerUnverifiedException.class);
    }
  }

  @Test
  void nettyServerSpeaksTls12ToOlderClients() throws Exception {
    try (NettyServer server = new NettyServer()) {
      try (SSLSocket client = connect(server.port, clientContext(true), List.of("TLSv1.2"), "h2", "http/1.1")) {
        assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(client.getApplicationProtocol()).isEqualTo("http/1.1");
      }
    }
  }

  @Test
  void nettyServerRefusesACertificateFromAForgedCa() throws Exception {
    try (NettyServer server = new NettyServer()) {
      try (SSLSocket client = connect(server.port, intruderContext(), "http/1.1")) {
        client.getInputStream().read(); // TLS 1.3: the server's verdict arrives after the client's Finished
      } catch (Exception expected) {
        // the client sees the alert or a closed connection
      }
      assertThat(failure(server.handshake)).isInstanceOf(SSLHandshakeException.class);
    }
  }

  // --- helpers ---

  interface Client { void run(int port) throws Exception; }

  private static CompletableFuture<SSLSession> jdkServerHandshake(Client client) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers(pki.servingKey(), pki.servingChain()), trustManagers(), null);
    SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress());
    listener.setNeedClientAuth(true);
    CompletableFuture<SSLSession> result = new CompletableFuture<>();
    Thread accept = new Thread(() -> {
      try (listener; SSLSocket s = (SSLSocket) listener.accept()) {
        s.startHandshake();
        result.complete(s.getSession());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    accept.start();
    try {
      client.run(listener.getLocalPort());
    } catch (Exception ignored) {
      // a refused client fails on its side too; the server's outcome is what the tests assert
    }
    accept.join(10_000);
    return result;
  }

  private static void connect(int port, SSLContext context) throws Exception {
    try (SSLSocket s = connect(port, context, "http/1.1")) {
      s.getInputStream().read();
    }
  }

  /** Connects as kubectl does: to "localhost", checking the server name against the SANs. */
  private static SSLSocket connect(int port, SSLContext context, String... alpn) throws Exception {
    return connect(port, context, List.of("TLSv1.3", "TLSv1.2"), alpn);
  }

  private static SSLSocket connect(int port, SSLContext context, List<String> protocols, String... alpn)
      throws Exception {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
    SSLParameters params = socket.getSSLParameters();
    params.setProtocols(protocols.toArray(String[]::new));
    params.setEndpointIdentificationAlgorithm("HTTPS");
    params.setApplicationProtocols(alpn);
    socket.setSSLParameters(params);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  private static SSLContext clientContext(boolean withAdminCertificate) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    var keys = withAdminCertificate
        ? keyManagers(Pem.parsePrivateKey(pki.adminKeyPem()), List.of(Pem.parseCertificate(pki.adminCertificatePem())))
        : null;
    context.init(keys, trustManagers(), null);
    return context;
  }

  private static SSLContext intruderContext() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers(intruderKey.getPrivate(), intruderChain), trustManagers(), null);
    return context;
  }

  private static javax.net.ssl.KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("key", key, new char[0], chain.toArray(X509Certificate[]::new));
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, new char[0]);
    return factory.getKeyManagers();
  }

  private static javax.net.ssl.TrustManager[] trustManagers() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", pki.caCertificate());
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    try {
      Object value = future.get(10, TimeUnit.SECONDS);
      throw new AssertionError("handshake succeeded: " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  /** A Netty listener with TlsContexts.server that reports each handshake's outcome. */
  static final class NettyServer implements AutoCloseable {
    final CompletableFuture<SSLSession> handshake = new CompletableFuture<>();
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final Channel channel;
    final int port;

    NettyServer() throws Exception {
      SslContext tls = TlsContexts.server(pki);
      channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                  if (evt instanceof SslHandshakeCompletionEvent done) {
                    if (done.isSuccess()) handshake.complete(ctx.pipeline().get(SslHandler.class).engine().getSession());
                    else handshake.completeExceptionally(done.cause());
                  }
                  ctx.fireUserEventTriggered(evt);
                }
              });
            }
          })
          .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
      port = ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() throws Exception {
      channel.close().sync();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
