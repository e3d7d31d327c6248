package dev.netkube.apiserver.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A node agent's credentials, issued by the cluster CA as kubeadm join and kubelet's TLS bootstrap
 * end up with them: a client certificate {@code CN system:node:<name>, O system:nodes} (kubelet's
 * kubeconfig) and a serving certificate for its streaming server with the node's name and IP.
 * Kept in the node's own folder and re-issued only when missing, stale or for another name or IP.
 */
public final class NodeCertificates {
  public static final String CLIENT_CRT = "kubelet-client.crt", CLIENT_KEY = "kubelet-client.key";
  public static final String SERVING_CRT = "kubelet.crt", SERVING_KEY = "kubelet.key";
  public static final String NODES_GROUP = "system:nodes";

  /** The files, and the PEM text of each. */
  public record Issued(Path directory, PemPair client, PemPair serving, String caPem) {}

  private NodeCertificates() {}

  public static Issued loadOrIssue(Path pkiDir, Path nodeDir, String nodeName, String nodeIp) throws IOException {
    PkiFiles ca = new PkiFiles(pkiDir);
    String caPem = ca.read(ClusterPki.CA_CRT).orElseThrow(() -> new IOException(
        ca.path(ClusterPki.CA_CRT) + " is missing: start the server (netkube up) first"));
    X509Certificate caCert = Pem.parseCertificate(caPem);
    PrivateKey caKey = Pem.parseKeyPair(ca.read(ClusterPki.CA_KEY).orElseThrow(() -> new IOException(
        ca.path(ClusterPki.CA_KEY) + " is missing"))).getPrivate();
    PkiFiles files = new PkiFiles(nodeDir);
    Instant now = Clock.systemUTC().instant();
    X500Name subject = Certificates.subject("system:node:" + nodeName, List.of(NODES_GROUP));
    SubjectAltNames servingSans = SubjectAltNames.of(List.of(nodeName), List.of(nodeIp));
    PemPair client = keep(files, CLIENT_CRT, CLIENT_KEY, subject, Certificates.Usage.CLIENT,
        SubjectAltNames.of(List.of(), List.of()), caCert, caKey, now);
    PemPair serving = keep(files, SERVING_CRT, SERVING_KEY, subject, Certificates.Usage.SERVER, servingSans, caCert,
        caKey, now);
    files.writePublic("ca.crt", caPem);
    return new Issued(nodeDir, client, serving, caPem);
  }

  private static PemPair keep(PkiFiles files, String certName, String keyName, X500Name subject, Certificates.Usage usage,
      SubjectAltNames sans, X509Certificate ca, PrivateKey caKey, Instant now) throws IOException {
    Optional<String> certPem = files.read(certName);
    Optional<String> keyPem = files.read(keyName);
    if (certPem.isPresent() && keyPem.isPresent()) {
      try {
        X509Certificate cert = Pem.parseCertificate(certPem.get());
        KeyPair key = Pem.parseKeyPair(keyPem.get());
        if (same(cert.getPublicKey(), key.getPublic()) && Certificates.issuedByAndFresh(cert, ca, now, ClusterPki.RENEW_BEFORE)
            && X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).equals(subject)
            && SubjectAltNames.of(cert).equals(sans)) {
          return new PemPair(certPem.get(), keyPem.get());
        }
      } catch (IllegalArgumentException unreadable) {
        // re-issued below
      }
    }
    KeyPair key = Certificates.newRsaKeyPair();
    X509Certificate cert = Certificates.signed(subject, key.getPublic(), usage, sans, ca, caKey, now, ClusterPki.CERT_VALIDITY);
    PemPair pair = new PemPair(Pem.encode(cert), Pem.encode(key.getPrivate()));
    files.writeKey(keyName, pair.keyPem());
    files.writePublic(certName, pair.certificatePem());
    return pair;
  }

  private static boolean same(PublicKey a, PublicKey b) { return Arrays.equals(a.getEncoded(), b.getEncoded()); }
}
