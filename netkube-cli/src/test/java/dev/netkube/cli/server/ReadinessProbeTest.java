package dev.netkube.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {
  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }

  @Test
  void readsPkcs8Keys() throws Exception {
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
    String pem = pem(new JcaPKCS8Generator(ec.getPrivate(), null));
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(ReadinessProbe.privateKey(pem).getEncoded()).isEqualTo(ec.getPrivate().getEncoded());
  }

  @Test
  void readsTraditionalRsaKeys() throws Exception {
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    String pem = pem(rsa.getPrivate());
    assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(ReadinessProbe.privateKey(pem).getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
  }

  @Test
  void aCertificateIsNotAKey() {
    assertThatThrownBy(() -> ReadinessProbe.privateKey("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(IOException.class);
  }
}
