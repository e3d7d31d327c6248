package dev.netkube.cli.server;

import dev.netkube.apiserver.pki.SingleKeyManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Asks the server's {@code /readyz} over TLS as kubectl would: trusting only the cluster CA
 * (the serving certificate must name the address, checked as HTTPS clients check it) and
 * presenting the admin certificate. One plain HTTP/1.1 request on a TLS socket: the JDK's
 * HttpsURLConnection would load and run much more code in a JVM that lives for one request.
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
    return probe(endpoint, 1000);
  }

  /** One probe; a connection attempt gives up after {@code connectTimeoutMillis}. */
  public Result probe(URI endpoint, int connectTimeoutMillis) {
    String host = endpoint.getHost();
    int port = endpoint.getPort() < 0 ? 443 : endpoint.getPort();
    try (SSLSocket socket = (SSLSocket) sockets.createSocket()) {
      socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      socket.setSoTimeout(2000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(("GET /readyz HTTP/1.1\r\nHost: " + endpoint.getRawAuthority() + "\r\nUser-Agent: netkube\r\n"
          + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Response response = Response.read(socket.getInputStream());
      return response.status() == 200 ? new Result.Ready()
          : new Result.NotReady("/readyz answered " + response.status() + " " + response.body().trim());
    } catch (IOException e) {
      return new Result.NotReady(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** An HTTP/1.1 response: the status code and the body. */
  record Response(int status, String body) {
    private static final int MAX_HEAD = 16 * 1024;

    /** Reads a response from a connection the server closes after it (Connection: close). */
    static Response read(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) throw new IOException("the connection closed before the response's headers ended");
        head.write(b);
        if (head.size() > MAX_HEAD) throw new IOException("response headers over " + MAX_HEAD + " bytes");
        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP response: " + lines[0]);
      }
      int status;
      try {
        status = Integer.parseInt(statusLine[1]);
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status: " + lines[0]);
      }
      long length = -1;
      boolean chunked = false;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon < 0) continue;
        String name = lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        if (name.equals("content-length")) {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + value);
          }
        }
        if (name.equals("transfer-encoding")) chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
      }
      byte[] body;
      if (length >= 0 && !chunked) {
        body = in.readNBytes((int) Math.min(length, 64 * 1024));
      } else {
        body = in.readNBytes(64 * 1024); // to the end of the connection; chunk sizes stay in the text
      }
      return new Response(status, new String(body, StandardCharsets.UTF_8));
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

    List<X509Certificate> chain = certificates(x509, credentials.adminCertPem()).stream()
        .map(X509Certificate.class::cast).toList();
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new SingleKeyManager(privateKey(credentials.adminKeyPem()), chain)},
        tmf.getTrustManagers(), null);
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
