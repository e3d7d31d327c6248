package dev.netkube.apiserver.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The cluster's PKI, laid out as kubeadm lays out /etc/kubernetes/pki: a cluster CA (CN
 * {@code kubernetes}), the API serving certificate, the admin client certificate and the
 * service-account signing key pair. Created on first start, reused afterwards.
 *
 * <p>Keys are RSA 2048: kubeadm's default (so files look like a kubeadm cluster's), accepted by Go's
 * crypto/tls and every JDK, and the service-account key must be RSA anyway because tokens are RS256.
 * One key type keeps the code to one signature algorithm (SHA256withRSA).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ClusterPki {
  public static final String CA_COMMON_NAME = "kubernetes";
  public static final String SERVING_COMMON_NAME = "kube-apiserver";
  public static final String ADMIN_COMMON_NAME = "kubernetes-admin";
  public static final String MASTERS_GROUP = "system:masters";
  /** The {@code kubernetes} service's cluster IP: the first address of the 10.96.0.0/12 service range. */
  public static final String KUBERNETES_SERVICE_IP = "10.96.0.1";
  /** The host's address on the cluster LAN (the control-plane node). */
  public static final String HOST_LAN_IP = "192.168.10.1";
  public static final List<String> DEFAULT_DNS_NAMES = List.of("kubernetes", "kubernetes.default",
      "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost");
  public static final List<String> DEFAULT_IP_ADDRESSES = List.of("127.0.0.1", KUBERNETES_SERVICE_IP, HOST_LAN_IP);

  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration CERT_VALIDITY = Duration.ofDays(365);
  /** A leaf certificate this close to expiry is replaced on start instead of reused. */
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  static final String CA_CRT = "ca.crt", CA_KEY = "ca.key";
  static final String SERVING_CRT = "apiserver.crt", SERVING_KEY = "apiserver.key";
  static final String ADMIN_CRT = "admin.crt", ADMIN_KEY = "admin.key";
  static final String SA_KEY = "sa.key", SA_PUB = "sa.pub";

  private final Path directory;
  private final Clock clock;
  private final X509Certificate caCertificate;
  private final PrivateKey caKey;
  private final X509Certificate servingCertificate;
  private final PrivateKey servingKey;
  private final PemPair admin;
  private final KeyPair serviceAccountKeyPair;

  private ClusterPki(Path directory, Clock clock, X509Certificate caCertificate, PrivateKey caKey,
      X509Certificate servingCertificate, PrivateKey servingKey, PemPair admin, KeyPair serviceAccountKeyPair) {
    this.directory = directory;
    this.clock = clock;
    this.caCertificate = caCertificate;
    this.caKey = caKey;
    this.servingCertificate = servingCertificate;
    this.servingKey = servingKey;
    this.admin = admin;
    this.serviceAccountKeyPair = serviceAccountKeyPair;
  }

  /**
   * Loads the PKI from {@code pkiDir}, creating what is missing. The serving certificate is
   * re-issued when the wanted names changed (the defaults, this host's name and the extras), when
   * it no longer verifies against the CA, or when it expires within 30 days; the admin
   * certificate likewise. A CA whose certificate or key alone is missing is an error: replacing it
   * silently would lock out every kubeconfig made with the old one.
   */
  public static ClusterPki loadOrCreate(Path pkiDir, List<String> extraDnsSans, List<String> extraIpSans)
      throws IOException {
    return loadOrCreate(pkiDir, extraDnsSans, extraIpSans, Clock.systemUTC(), hostName());
  }

  static ClusterPki loadOrCreate(Path pkiDir, List<String> extraDnsSans, List<String> extraIpSans, Clock clock,
      Optional<String> hostName) throws IOException {
    Objects.requireNonNull(pkiDir, "pkiDir");
    List<String> dns = new ArrayList<>(DEFAULT_DNS_NAMES);
    hostName.ifPresent(dns::add);
    dns.addAll(extraDnsSans);
    List<String> ips = new ArrayList<>(DEFAULT_IP_ADDRESSES);
    ips.addAll(extraIpSans);
    SubjectAltNames wanted = SubjectAltNames.of(dns, ips);

    PkiFiles files = new PkiFiles(pkiDir);
    Instant now = clock.instant();
    KeyPair ca = loadOrCreateCa(files, now);
    X509Certificate caCert = Pem.parseCertificate(files.read(CA_CRT).orElseThrow());

    KeyPair servingKeys = reuse(files, SERVING_CRT, SERVING_KEY, caCert, now,
        cert -> SubjectAltNames.of(cert).equals(wanted)
            && cert.getSubjectX500Principal().getName().equals("CN=" + SERVING_COMMON_NAME))
        .orElseGet(() -> issue(files, SERVING_CRT, SERVING_KEY, Certificates.subject(SERVING_COMMON_NAME, List.of()),
            Certificates.Usage.SERVER, wanted, caCert, ca.getPrivate(), now));
    X509Certificate servingCert = Pem.parseCertificate(files.read(SERVING_CRT).orElseThrow());

    X500Name adminSubject = Certificates.subject(ADMIN_COMMON_NAME, List.of(MASTERS_GROUP));
    reuse(files, ADMIN_CRT, ADMIN_KEY, caCert, now,
        cert -> X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).equals(adminSubject))
        .orElseGet(() -> issue(files, ADMIN_CRT, ADMIN_KEY, adminSubject, Certificates.Usage.CLIENT,
            SubjectAltNames.of(List.of(), List.of()), caCert, ca.getPrivate(), now));
    PemPair admin = new PemPair(files.read(ADMIN_CRT).orElseThrow(), files.read(ADMIN_KEY).orElseThrow());

    KeyPair sa = loadOrCreateServiceAccountKey(files);
    return new ClusterPki(pkiDir, clock, caCert, ca.getPrivate(), servingCert, servingKeys.getPrivate(), admin, sa);
  }

  public Path directory() { return directory; }

  public X509Certificate caCertificate() { return caCertificate; }

  /** PEM of ca.crt, for kubeconfig {@code certificate-authority-data} and webhook CA bundles. */
  public String caCertificatePem() { return Pem.encode(caCertificate); }

  public X509Certificate servingCertificate() { return servingCertificate; }

  public PrivateKey servingKey() { return servingKey; }

  /** The serving certificate followed by the CA, as a TLS server presents them. */
  public List<X509Certificate> servingChain() { return List.of(servingCertificate, caCertificate); }

  public String adminCertificatePem() { return admin.certificatePem(); }

  public String adminKeyPem() { return admin.keyPem(); }

  /** The RSA key pair of sa.key / sa.pub that signs and verifies service-account tokens. */
  public KeyPair serviceAccountKeyPair() { return serviceAccountKeyPair; }

  /**
   * A new client certificate signed by the cluster CA, with a fresh key; e.g. a node's
   * {@code ("system:node:node-1", ["system:nodes"])}. Nothing is written to disk.
   */
  public PemPair issueClientCertificate(String commonName, List<String> organizations, Duration validity) {
    if (validity.isNegative() || validity.isZero()) throw new IllegalArgumentException("validity must be positive");
    KeyPair key = Certificates.newRsaKeyPair();
    X509Certificate cert = Certificates.signed(Certificates.subject(commonName, organizations), key.getPublic(),
        Certificates.Usage.CLIENT, SubjectAltNames.of(List.of(), List.of()), caCertificate, caKey, clock.instant(),
        validity);
    return new PemPair(Pem.encode(cert), Pem.encode(key.getPrivate()));
  }

  /**
   * A new serving certificate signed by the cluster CA, with a fresh key: e.g. a kubelet's
   * ({@code CN system:node:node-1}, O {@code system:nodes}, the node's IP among the SANs, as a
   * kubelet-serving CSR asks for). Nothing is written to disk.
   */
  public PemPair issueServingCertificate(String commonName, List<String> organizations, List<String> dnsNames,
      List<String> ipAddresses, Duration validity) {
    if (validity.isNegative() || validity.isZero()) throw new IllegalArgumentException("validity must be positive");
    KeyPair key = Certificates.newRsaKeyPair();
    X509Certificate cert = Certificates.signed(Certificates.subject(commonName, organizations), key.getPublic(),
        Certificates.Usage.SERVER, SubjectAltNames.of(dnsNames, ipAddresses), caCertificate, caKey, clock.instant(),
        validity);
    return new PemPair(Pem.encode(cert), Pem.encode(key.getPrivate()));
  }

  /**
   * The client certificate kept as {@code <stem>.crt} / {@code <stem>.key} in the PKI folder
   * (kubeadm keeps the controller manager's in controller-manager.conf), issued when missing,
   * not signed by this CA, expiring within 30 days or naming another subject. Reusing it saves
   * an RSA key generation on every start.
   */
  public PemPair loadOrIssueClientCertificate(String stem, String commonName, List<String> organizations) {
    X500Name subject = Certificates.subject(commonName, organizations);
    String certName = stem + ".crt";
    String keyName = stem + ".key";
    try {
      PkiFiles files = new PkiFiles(directory);
      Instant now = clock.instant();
      reuse(files, certName, keyName, caCertificate, now,
          cert -> X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).equals(subject))
          .orElseGet(() -> issue(files, certName, keyName, subject, Certificates.Usage.CLIENT,
              SubjectAltNames.of(List.of(), List.of()), caCertificate, caKey, now));
      return new PemPair(files.read(certName).orElseThrow(), files.read(keyName).orElseThrow());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair loadOrCreateCa(PkiFiles files, Instant now) throws IOException {
    Optional<String> cert = files.read(CA_CRT);
    Optional<String> key = files.read(CA_KEY);
    if (cert.isPresent() && key.isPresent()) {
      KeyPair pair = Pem.parseKeyPair(key.get());
      if (!samePublicKey(Pem.parseCertificate(cert.get()).getPublicKey(), pair.getPublic())) {
        throw new IllegalStateException(files.path(CA_KEY) + " does not match " + files.path(CA_CRT));
      }
      return pair;
    }
    if (cert.isPresent() || key.isPresent()) {
      String present = cert.isPresent() ? CA_CRT : CA_KEY;
      String missing = cert.isPresent() ? CA_KEY : CA_CRT;
      throw new IllegalStateException(files.path(present) + " exists but " + files.path(missing)
          + " is missing; restore it, or remove both to create a new cluster CA");
    }
    KeyPair pair = Certificates.newRsaKeyPair();
    X509Certificate ca = Certificates.selfSignedCa(CA_COMMON_NAME, pair, now, CA_VALIDITY);
    files.writeKey(CA_KEY, Pem.encode(pair.getPrivate()));
    files.writePublic(CA_CRT, Pem.encode(ca));
    return pair;
  }

  /** The existing key pair when its certificate is still good for {@code matches}; empty when it must be re-issued. */
  private static Optional<KeyPair> reuse(PkiFiles files, String certName, String keyName, X509Certificate ca,
      Instant now, Predicate<X509Certificate> matches) throws IOException {
    Optional<String> certPem = files.read(certName);
    Optional<String> keyPem = files.read(keyName);
    if (certPem.isEmpty() || keyPem.isEmpty()) return Optional.empty();
    try {
      X509Certificate cert = Pem.parseCertificate(certPem.get());
      KeyPair key = Pem.parseKeyPair(keyPem.get());
      boolean good = samePublicKey(cert.getPublicKey(), key.getPublic())
          && Certificates.issuedByAndFresh(cert, ca, now, RENEW_BEFORE)
          && matches.test(cert);
      return good ? Optional.of(key) : Optional.empty();
    } catch (IllegalArgumentException unreadable) {
      return Optional.empty();
    }
  }

  private static KeyPair issue(PkiFiles files, String certName, String keyName, X500Name subject,
      Certificates.Usage usage, SubjectAltNames sans, X509Certificate ca, PrivateKey caKey, Instant now) {
    KeyPair key = Certificates.newRsaKeyPair();
    X509Certificate cert = Certificates.signed(subject, key.getPublic(), usage, sans, ca, caKey, now, CERT_VALIDITY);
    try {
      files.writeKey(keyName, Pem.encode(key.getPrivate()));
      files.writePublic(certName, Pem.encode(cert));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return key;
  }

  private static KeyPair loadOrCreateServiceAccountKey(PkiFiles files) throws IOException {
    Optional<String> existing = files.read(SA_KEY);
    KeyPair pair = existing.map(Pem::parseKeyPair).orElseGet(Certificates::newRsaKeyPair);
    if (existing.isEmpty()) files.writeKey(SA_KEY, Pem.encode(pair.getPrivate()));
    String pub = Pem.encode(pair.getPublic());
    // sa.pub is derived from sa.key; rewrite it when it is missing or stale.
    if (!files.read(SA_PUB).map(pub::equals).orElse(false)) files.writePublic(SA_PUB, pub);
    return pair;
  }

  private static boolean samePublicKey(PublicKey a, PublicKey b) {
    return Arrays.equals(a.getEncoded(), b.getEncoded());
  }

  /** This machine's host name (uname nodename), lower-cased, as kubeadm puts the node name in the SANs. */
  static Optional<String> hostName() {
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      String name = Files.isReadable(kernel)
          ? Files.readString(kernel, StandardCharsets.US_ASCII).trim()
          : InetAddress.getLocalHost().getHostName();
      name = name.toLowerCase(Locale.ROOT);
      SubjectAltNames.of(List.of(name), List.of()); // drop names a certificate cannot carry
      return name.isEmpty() ? Optional.empty() : Optional.of(name);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
