package dev.netkube.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCertificatesTest {
  @TempDir Path home;

  @Test
  void aNodeGetsAClientAndAServingCertificateFromTheClusterCaAndKeepsThem() throws Exception {
    ClusterPki pki = ClusterPki.loadOrCreate(home.resolve("pki"), List.of(), List.of(), Clock.systemUTC(), Optional.of("h"));
    Path node = home.resolve("nodes/node-1");
    NodeCertificates.Issued first = NodeCertificates.loadOrIssue(home.resolve("pki"), node, "node-1", "192.168.10.2");

    X509Certificate client = Pem.parseCertificate(first.client().certificatePem());
    assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:node-1,O=system:nodes");
    client.verify(pki.caCertificate().getPublicKey());
    X509Certificate serving = Pem.parseCertificate(first.serving().certificatePem());
    assertThat(SubjectAltNames.of(serving)).isEqualTo(SubjectAltNames.of(List.of("node-1"), List.of("192.168.10.2")));
    assertThat(Files.readString(node.resolve("ca.crt"))).isEqualTo(pki.caCertificatePem());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(node.resolve(NodeCertificates.CLIENT_KEY)))).isEqualTo("rw-------");

    NodeCertificates.Issued again = NodeCertificates.loadOrIssue(home.resolve("pki"), node, "node-1", "192.168.10.2");
    assertThat(again.client()).isEqualTo(first.client());
    NodeCertificates.Issued moved = NodeCertificates.loadOrIssue(home.resolve("pki"), node, "node-1", "192.168.10.7");
    assertThat(moved.serving()).isNotEqualTo(first.serving());
    assertThat(moved.client()).isEqualTo(first.client());
  }

  @Test
  void withoutAClusterCaItSaysToStartTheServer() {
    assertThatThrownBy(() -> NodeCertificates.loadOrIssue(home.resolve("pki"), home.resolve("n"), "node-1", "10.0.0.2"))
        .isInstanceOf(IOException.class).hasMessageContaining("start the server (netkube up) first");
  }
}
