package dev.netkube.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.apiserver.pki.ClusterPki;
import dev.netkube.apiserver.pki.Pem;
import dev.netkube.apiserver.pki.PemPair;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificateAuthenticatorTest {
  @TempDir static Path home;
  static ClusterPki pki;
  static ClusterPki otherCluster;
  static ClientCertificateAuthenticator authenticator;

  @BeforeAll
  static void setUp() throws Exception {
    pki = ClusterPki.loadOrCreate(home.resolve("pki"), List.of(), List.of());
    // Another cluster's CA: also named "kubernetes", different key.
    otherCluster = ClusterPki.loadOrCreate(home.resolve("other"), List.of(), List.of());
    authenticator = new ClientCertificateAuthenticator(pki.caCertificate());
  }

  @Test
  void adminCertificateIsKubernetesAdminInSystemMasters() {
    assertThat(authenticator.authenticate(chain(pki.adminCertificatePem())))
        .contains(new UserInfo("kubernetes-admin", "", List.of("system:masters", "system:authenticated"), Map.of()));
  }

  @Test
  void nodeCertificateIsTheNodeUser() {
    PemPair node = pki.issueClientCertificate("system:node:node-1", List.of("system:nodes"), Duration.ofDays(1));
    assertThat(authenticator.authenticate(chain(node.certificatePem())).orElseThrow())
        .extracting(UserInfo::name, UserInfo::groups)
        .containsExactly("system:node:node-1", List.of("system:nodes", "system:authenticated"));
  }

  @Test
  void everyOrganizationIsAGroupInOrder() {
    PemPair dev = pki.issueClientCertificate("jane", List.of("dev", "ops"), Duration.ofDays(1));
    assertThat(authenticator.authenticate(chain(dev.certificatePem())).orElseThrow().groups())
        .containsExactly("dev", "ops", "system:authenticated");
  }

  @Test
  void theCaSentAlongIsTolerated() {
    X509Certificate admin = Pem.parseCertificate(pki.adminCertificatePem());
    assertThat(authenticator.authenticate(new X509Certificate[] {admin, pki.caCertificate()})).isPresent();
  }

  @Test
  void certificateOfAnotherCaWithTheSameNameIsRefused() {
    assertThat(authenticator.authenticate(chain(otherCluster.adminCertificatePem()))).isEmpty();
    X509Certificate forged = Pem.parseCertificate(otherCluster.adminCertificatePem());
    assertThat(authenticator.authenticate(new X509Certificate[] {forged, otherCluster.caCertificate()})).isEmpty();
  }

  @Test
  void expiredOrNotYetValidCertificateIsRefused() {
    PemPair shortLived = pki.issueClientCertificate("jane", List.of(), Duration.ofHours(1));
    Instant now = Instant.now();
    assertThat(at(now.plus(Duration.ofHours(2))).authenticate(chain(shortLived.certificatePem()))).isEmpty();
    assertThat(at(now.minus(Duration.ofHours(1))).authenticate(chain(shortLived.certificatePem()))).isEmpty();
    assertThat(at(now.plus(Duration.ofMinutes(30))).authenticate(chain(shortLived.certificatePem()))).isPresent();
  }

  @Test
  void servingCertificateIsNotForClientAuth() {
    assertThat(authenticator.authenticate(new X509Certificate[] {pki.servingCertificate()})).isEmpty();
  }

  @Test
  void noCertificateIsNobody() {
    assertThat(authenticator.authenticate(new X509Certificate[0])).isEmpty();
    assertThat(authenticator.authenticate(null)).isEmpty();
  }

  private static ClientCertificateAuthenticator at(Instant instant) {
    return new ClientCertificateAuthenticator(pki.caCertificate(), Clock.fixed(instant, ZoneOffset.UTC));
  }

  private static X509Certificate[] chain(String pem) {
    return new X509Certificate[] {Pem.parseCertificate(pem)};
  }
}
