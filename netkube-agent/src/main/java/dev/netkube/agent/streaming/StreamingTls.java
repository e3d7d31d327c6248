package dev.netkube.agent.streaming;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The streaming server's TLS: its serving certificate (signed by the cluster CA, with the node's
 * IP among its SANs, which the API server checks) and the cluster CA, whose signature every
 * client certificate must carry (the API server's kubelet client certificate). TLS 1.2 and 1.3,
 * ALPN http/1.1 only (SPDY and WebSocket upgrades are HTTP/1.1).
 */
public final class StreamingTls {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private StreamingTls() {}

  /** From PEM text: the certificate chain (leaf first), its key (PKCS#1 or PKCS#8 RSA, or PKCS#8 EC) and the CA. */
  public static SslContext server(String certificateChainPem, String keyPem, String clientCaPem) {
    try {
      return server(certificates(certificateChainPem), privateKey(keyPem), certificates(clientCaPem).get(0));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid TLS material: " + e.getMessage(), e);
    }
  }

  public static SslContext server(List<X509Certificate> chain, PrivateKey key, X509Certificate clientCa) {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("ca", clientCa);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new OneKey(key, chain.toArray(X509Certificate[]::new))},
          trust.getTrustManagers(), null);
      return new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE,
          new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1),
          ClientAuth.REQUIRE, new String[] {"TLSv1.3", "TLSv1.2"}, false);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot build the streaming server's TLS context: " + e.getMessage(), e);
    }
  }

  static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (var c : cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) throw new GeneralSecurityException("no certificate in PEM");
    return out;
  }

  static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
      switch (type) {
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
        case "PRIVATE KEY":
          for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
              return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
              // not this algorithm
            }
          }
          throw new GeneralSecurityException("unsupported PKCS#8 key");
        default:
          break;
      }
    }
    throw new GeneralSecurityException("no RSA PRIVATE KEY or PRIVATE KEY block in PEM");
  }

  /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, the key as an OCTET STRING. */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(algorithm);
    body.write(0x04);
    writeLength(body, pkcs1.length);
    body.writeBytes(pkcs1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    writeLength(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int len) {
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
  }

  /** Offers its one key for any handshake (the JDK's own key managers need a key store). */
  private static final class OneKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "kubelet";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    OneKey(PrivateKey key, X509Certificate[] chain) {
      this.key = key;
      this.chain = chain;
    }

    private String alias(String keyType) { return key.getAlgorithm().equals(keyType) ? ALIAS : null; }

    @Override public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) { return alias(keyType); }
    @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) { return alias(keyType); }
    @Override public String[] getServerAliases(String keyType, Principal[] issuers) { return new String[] {ALIAS}; }
    @Override public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) { return null; }
    @Override public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) { return null; }
    @Override public String[] getClientAliases(String keyType, Principal[] issuers) { return new String[0]; }
    @Override public X509Certificate[] getCertificateChain(String alias) { return chain.clone(); }
    @Override public PrivateKey getPrivateKey(String alias) { return key; }
  }
}
