package dev.netkube.bench;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** An HTTPS client authenticated with netkube's admin certificate from $NETKUBE_HOME/pki. */
final class AdminClient {
  final HttpClient http;
  final String base;

  AdminClient(Path pki, String base) throws Exception {
    this.base = base;
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate ca;
    X509Certificate cert;
    try (var in = Files.newInputStream(pki.resolve("ca.crt"))) {
      ca = (X509Certificate) cf.generateCertificate(in);
    }
    try (var in = Files.newInputStream(pki.resolve("admin.crt"))) {
      cert = (X509Certificate) cf.generateCertificate(in);
    }
    PrivateKey key;
    try (Reader r = Files.newBufferedReader(pki.resolve("admin.key"))) {
      Object o = new PEMParser(r).readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      key = o instanceof PEMKeyPair kp ? conv.getKeyPair(kp).getPrivate() : conv.getPrivateKey((PrivateKeyInfo) o);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("admin", key, new char[0], new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
