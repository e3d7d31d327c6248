package dev.netkube.apiserver.pki;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/** TLS settings of the API server's listener. */
public final class TlsContexts {
  /** TLS 1.2 is the floor, as kube-apiserver's default {@code --tls-min-version} (VersionTLS12). */
  public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private TlsContexts() {}

  /**
   * The server context: presents apiserver.crt (with the CA behind it), asks for — but does not
   * require — a client certificate signed by the cluster CA, so that bearer-token clients without a
   * certificate still connect (a certificate that does not chain to the CA fails the handshake).
   * ALPN offers only {@code http/1.1}: kubectl offers {@code h2} first, and since this server speaks
   * HTTP/1.1 only, ALPN must settle on http/1.1. A client offering only protocols we do not speak gets
   * no ALPN answer (not a fatal alert) and may still talk HTTP/1.1.
   */
  public static SslContext server(ClusterPki pki) throws SSLException {
    return SslContextBuilder.forServer(pki.servingKey(), pki.servingChain().toArray(X509Certificate[]::new))
        .trustManager(pki.caCertificate())
        .clientAuth(ClientAuth.OPTIONAL)
        .protocols(PROTOCOLS)
        .applicationProtocolConfig(new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_1_1))
        .build();
  }
}
