package dev.netkube.cli.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Asks the server's {@code /readyz} over TLS as kubectl would: trusting only the cluster CA
 * (the serving certificate must name the address) and presenting the admin certificate.
 */
public final class ReadinessProbe {
  private final SSLSocketFactory sockets;

  public ReadinessProbe(ClusterCredentials credentials) throws GeneralSecurityException, IOException {
    this.sockets = sslContext(credentials).getSocketFactory();
  }

  /** Outcome of one probe: ready, or why not (for messages). */
  public sealed interface Result {
    record Ready() implements Result {}

    record NotReady(String why) implements Result {}
  }

  public Result probe(URI endpoint) {
    try {
      HttpsURLConnection connection = (HttpsURLConnection) endpoint.resolve("/readyz").toURL().openConnection();
      connection.setSSLSocketFactory(sockets);
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(2000);
      int status = connection.getResponseCode();
      InputStream body = status < HttpURLConnection.HTTP_BAD_REQUEST ? connection.getInputStream() : connection.getErrorStream();
      String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8).trim();
      connection.disconnect();
      return status == 200 ? new Result.Ready() : new Result.NotReady("/readyz answered " + status + " " + text);
    } catch (IOException e) {
      return new Result.NotReady(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** A TLS context that trusts the cluster CA and presents the admin certificate. */
  public static SSLContext sslContext(ClusterCredentials credentials) throws GeneralSecurityException, IOException {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    int i = 0;
    for (Certificate ca : certificates(x509, credentials.caPem())) trust.setCertificateEntry("ca-" + i++, ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);

    KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
    keys.load(null, null);
    char[] password = new char[0];
    keys.setKeyEntry("admin", privateKey(credentials.adminKeyPem()), password,
        certificates(x509, credentials.adminCertPem()).toArray(Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);

    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static Collection<? extends Certificate> certificates(CertificateFactory x509, String pem)
      throws GeneralSecurityException {
    return x509.generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** PKCS#8 ("PRIVATE KEY") or the traditional RSA / EC forms. */
  static PrivateKey privateKey(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      // a traditional "EC PRIVATE KEY" may lack the public key, so convert the private part alone
      if (object instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
      if (object instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
      throw new IOException("the admin key is not a PEM private key");
    }
  }
}
