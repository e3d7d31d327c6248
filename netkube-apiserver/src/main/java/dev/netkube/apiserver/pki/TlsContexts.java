package dev.netkube.apiserver.pki;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

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
   * stays in memory, offered by a key manager that holds just it.
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
      context.init(new KeyManager[] {new ServingKeyManager(pki.servingKey(), pki.servingChain())},
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

  /** The serving key and chain, offered for every server handshake whose key type they fit; no client side. */
  static final class ServingKeyManager extends X509ExtendedKeyManager {
    static final String ALIAS = "apiserver";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    ServingKeyManager(PrivateKey key, List<X509Certificate> chain) {
      this.key = key;
      this.chain = chain.toArray(X509Certificate[]::new);
    }

    /** The JDK asks per signature scheme with the key algorithm it needs ("RSA", "RSASSA-PSS", "EC", ...). */
    private String alias(String keyType) {
      return key.getAlgorithm().equals(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return alias(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
      return null;
    }
  }
}
