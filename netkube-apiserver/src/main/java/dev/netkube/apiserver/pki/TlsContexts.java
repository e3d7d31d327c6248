package dev.netkube.apiserver.pki;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

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
   *
   * <p>The JDK {@link SSLContext} is built here and handed to Netty's {@link JdkSslContext} as is,
   * with Netty's default cipher suites. {@code SslContextBuilder.forServer(...)} would do the same
   * but costs the server's start about half a second of CPU: its server context class, once per
   * JVM, parses a built-in test key through BouncyCastle (registering the whole provider and
   * primality-testing the key) and loads the JDK's default trust store, and it keeps the serving key
   * in a PKCS#12 key store, encrypting and decrypting it with 10,000 rounds of PBKDF2. Here the key
   * stays in memory, offered by a {@link SingleKeyManager}.
   */
  public static SslContext server(ClusterPki pki) throws SSLException {
    SSLContext context;
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("ca", pki.caCertificate());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new SingleKeyManager(pki.servingKey(), pki.servingChain())},
          trust.getTrustManagers(), null);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new SSLException("failed to initialize the server's TLS context", e);
    }
    return new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE,
        new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_1_1),
        ClientAuth.OPTIONAL, PROTOCOLS.clone(), false);
  }
}
