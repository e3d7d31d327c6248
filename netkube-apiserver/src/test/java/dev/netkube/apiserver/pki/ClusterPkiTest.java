package dev.netkube.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {
  private static final List<String> FILES =
      List.of("ca.crt", "ca.key", "apiserver.crt", "apiserver.key", "admin.crt", "admin.key", "sa.key", "sa.pub");

  @TempDir Path home;

  private ClusterPki load(List<String> dns, List<String> ips) throws IOException {
    return ClusterPki.loadOrCreate(home.resolve("pki"), dns, ips, Clock.systemUTC(), Optional.of("nk-host"));
  }

  @Test
  void firstStartWritesKubeadmLayoutWithPrivateModes() throws IOException {
    load(List.of(), List.of());
    Path pki = home.resolve("pki");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki))).isEqualTo("rwx------");
    for (String f : FILES) {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve(f)));
      assertThat(mode).as(f).isEqualTo(f.endsWith(".key") ? "rw-------" : "rw-r--r--");
    }
    assertThat(Files.readString(pki.resolve("ca.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(pki.resolve("sa.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(Files.list(pki).map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(FILES);
  }

  @Test
  void secondStartReusesEverything() throws IOException {
    ClusterPki first = load(List.of(), List.of());
    List<String> before = contents();
    ClusterPki second = load(List.of(), List.of());
    assertThat(contents()).isEqualTo(before);
    assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(second.servingCertificate()).isEqualTo(first.servingCertificate());
    assertThat(second.adminCertificatePem()).isEqualTo(first.adminCertificatePem());
    assertThat(second.serviceAccountKeyPair().getPublic()).isEqualTo(first.serviceAccountKeyPair().getPublic());
  }

  @Test
  void servingCertificateHasAllNamesAndVerifiesAgainstTheCa() throws Exception {
    ClusterPki pki = load(List.of("api.example.test"), List.of("192.168.10.9"));
    X509Certificate serving = pki.servingCertificate();
    serving.verify(pki.caCertificate().getPublicKey());
    serving.checkValidity();
    assertThat(SubjectAltNames.of(serving).dnsNames()).containsExactly("kubernetes", "kubernetes.default",
        "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost", "nk-host", "api.example.test");
    assertThat(SubjectAltNames.of(serving).ipAddresses())
        .containsExactly("127.0.0.1", "10.96.0.1", "192.168.10.1", "192.168.10.9");
    assertThat(serving.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(serving.getBasicConstraints()).isEqualTo(-1);
    assertThat(pki.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(pki.caCertificate().getSubjectX500Principal().getName()).isEqualTo("CN=kubernetes");
    assertThat(pki.servingKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void changedNamesReissueOnlyTheServingCertificate() throws IOException {
    ClusterPki first = load(List.of(), List.of());
    ClusterPki second = load(List.of(), List.of("192.168.10.1", "10.0.0.5"));
    assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(second.adminCertificatePem()).isEqualTo(first.adminCertificatePem());
    assertThat(second.servingCertificate()).isNotEqualTo(first.servingCertificate());
    assertThat(SubjectAltNames.of(second.servingCertificate()).ipAddresses()).contains("10.0.0.5");
    // Same names in another order or spelling are not a change.
    ClusterPki third = load(List.of(), List.of("10.0.0.5"));
    assertThat(third.servingCertificate()).isEqualTo(second.servingCertificate());
  }

  @Test
  void certificatesCloseToExpiryAreRenewedOnStart() throws IOException {
    ClusterPki first = load(List.of(), List.of());
    Clock in340Days = Clock.fixed(Instant.now().plus(Duration.ofDays(340)), ZoneOffset.UTC);
    ClusterPki later = ClusterPki.loadOrCreate(home.resolve("pki"), List.of(), List.of(), in340Days, Optional.of("nk-host"));
    assertThat(later.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(later.servingCertificate()).isNotEqualTo(first.servingCertificate());
    assertThat(later.adminCertificatePem()).isNotEqualTo(first.adminCertificatePem());
  }

  @Test
  void aCaWithoutItsKeyIsAnErrorNotAReplacement() throws IOException {
    load(List.of(), List.of());
    Files.delete(home.resolve("pki/ca.key"));
    assertThatThrownBy(() -> load(List.of(), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(home.resolve("pki/ca.crt") + " exists but " + home.resolve("pki/ca.key")
            + " is missing; restore it, or remove both to create a new cluster CA");
  }

  @Test
  void invalidExtraNamesAreRefused() {
    assertThatThrownBy(() -> load(List.of("not a name"), List.of()))
        .hasMessage("invalid DNS subject alternative name: not a name");
    assertThatThrownBy(() -> load(List.of(), List.of("example.com")))
        .hasMessage("invalid IP subject alternative name: example.com");
  }

  @Test
  void opensslReadsTheAdminSubjectAsKubeadmWritesIt() throws Exception {
    load(List.of(), List.of());
    String text = openssl("x509", "-noout", "-text", "-in", home.resolve("pki/admin.crt").toString());
    assertThat(text).contains("Subject: O = system:masters, CN = kubernetes-admin")
        .contains("Issuer: CN = kubernetes")
        .contains("Public-Key: (2048 bit)")
        .contains("TLS Web Client Authentication");
    String serving = openssl("x509", "-noout", "-ext", "subjectAltName", "-in", home.resolve("pki/apiserver.crt").toString());
    assertThat(serving).contains("DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, "
        + "DNS:kubernetes.default.svc.cluster.local, DNS:localhost, DNS:nk-host, "
        + "IP Address:127.0.0.1, IP Address:10.96.0.1, IP Address:192.168.10.1");
    assertThat(openssl("verify", "-CAfile", home.resolve("pki/ca.crt").toString(), home.resolve("pki/apiserver.crt").toString()))
        .contains("apiserver.crt: OK");
    assertThat(openssl("rsa", "-in", home.resolve("pki/sa.key").toString(), "-pubout"))
        .endsWith(Files.readString(home.resolve("pki/sa.pub")));
  }

  @Test
  void issuedNodeCertificateCarriesNameAndGroup() throws Exception {
    ClusterPki pki = load(List.of(), List.of());
    PemPair node = pki.issueClientCertificate("system:node:node-1", List.of("system:nodes"), Duration.ofDays(30));
    X509Certificate cert = Pem.parseCertificate(node.certificatePem());
    cert.verify(pki.caCertificate().getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:node-1,O=system:nodes");
    assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(30).plus(Certificates.BACKDATE));
    assertThat(Pem.parseKeyPair(node.keyPem()).getPublic()).isEqualTo(cert.getPublicKey());
    assertThat(pki.caCertificatePem()).isEqualTo(Files.readString(home.resolve("pki/ca.crt")));
  }

  @Test
  void keptClientCertificatesAreReusedUntilTheirSubjectChanges() throws Exception {
    ClusterPki pki = load(List.of(), List.of());
    PemPair first = pki.loadOrIssueClientCertificate("controller-manager", "system:kube-controller-manager", List.of());
    X509Certificate cert = Pem.parseCertificate(first.certificatePem());
    cert.verify(pki.caCertificate().getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=system:kube-controller-manager");
    assertThat(Files.readString(home.resolve("pki/controller-manager.crt"))).isEqualTo(first.certificatePem());
    assertThat(Files.getPosixFilePermissions(home.resolve("pki/controller-manager.key")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // The next start (a new ClusterPki) takes the same key and certificate.
    PemPair again = load(List.of(), List.of()).loadOrIssueClientCertificate("controller-manager",
        "system:kube-controller-manager", List.of());
    assertThat(again).isEqualTo(first);
    PemPair renamed = pki.loadOrIssueClientCertificate("controller-manager", "system:kube-scheduler", List.of());
    assertThat(renamed.keyPem()).isNotEqualTo(first.keyPem());
    assertThat(Pem.parseCertificate(renamed.certificatePem()).getSubjectX500Principal().getName())
        .isEqualTo("CN=system:kube-scheduler");
  }

  private List<String> contents() throws IOException {
    return FILES.stream().map(f -> {
      try {
        return Files.readString(home.resolve("pki").resolve(f));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList();
  }

  static String openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }
}
