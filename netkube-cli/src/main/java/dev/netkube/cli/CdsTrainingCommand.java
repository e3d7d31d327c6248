package dev.netkube.cli;

import dev.netkube.cli.kubeconfig.KubeconfigPaths;
import dev.netkube.cli.server.ClusterCredentials;
import dev.netkube.cli.server.ReadinessProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The training run for the class data sharing archive ./netkube makes after each build: walks
 * the client side of {@code up} (readiness probe over TLS with a client certificate, kubeconfig
 * merge) against a throwaway TLS endpoint in a scratch folder, so that the archive holds the
 * classes a real {@code up} loads. Touches nothing outside that folder.
 */
@Command(name = "cds-training", hidden = true, description = "Internal: training run for the CDS archive.")
public final class CdsTrainingCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "An empty scratch folder.")
  Path scratch;

  @Override
  public Integer call() throws Exception {
    NetkubeHome home = new NetkubeHome(scratch.resolve("home"));
    Files.createDirectories(home.pkiDir());
    KeyPair key = KeyPairGenerator.getInstance("EC").generateKeyPair();
    X509Certificate cert = selfSigned(key);
    Files.writeString(home.caCertificate(), pem(cert));
    Files.writeString(home.adminCertificate(), pem(cert));
    Files.writeString(home.adminKey(), pem(new JcaPKCS8Generator(key.getPrivate(), null))); // PKCS#8, as kubectl reads it

    try (SSLServerSocket server = listen(key, cert)) {
      Thread responder = new Thread(() -> answerOnce(server), "cds-training-server");
      responder.start();
      ClusterCredentials credentials = ClusterCredentials.load(home).orElseThrow();
      URI endpoint = URI.create("https://127.0.0.1:" + server.getLocalPort());
      ReadinessProbe.Result result = new ReadinessProbe(credentials).probe(endpoint);
      responder.join(5000);
      KubeconfigPaths paths = KubeconfigPaths.of(Optional.empty(), scratch.resolve("kubeconfig").toString(), scratch);
      ClusterKubeconfig.write(home, paths, endpoint.toString(), credentials);
      ClusterKubeconfig.write(home, paths, endpoint.toString(), credentials);
      System.out.println("cds-training: " + result);
    }
    return 0;
  }

  private static X509Certificate selfSigned(KeyPair key) throws Exception {
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=netkube-cds-training");
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.HOURS)), name, key.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  private static SSLServerSocket listen(KeyPair key, X509Certificate cert) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setKeyEntry("server", key.getPrivate(), new char[0], new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    server.setWantClientAuth(true);
    return server;
  }

  private static void answerOnce(SSLServerSocket server) {
    try (SSLSocket socket = (SSLSocket) server.accept()) {
      InputStream in = socket.getInputStream();
      StringBuilder request = new StringBuilder();
      while (!request.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) break;
        request.append((char) b);
      }
      OutputStream out = socket.getOutputStream();
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      System.err.println("cds-training: " + e);
    }
  }
}
