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

  private static ReadinessProbe.Response response(String text) throws IOException {
    return ReadinessProbe.Response.read(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void readsAResponseWithAContentLength() throws Exception {
    ReadinessProbe.Response r = response("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nokEXTRA");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
  }

  @Test
  void readsAResponseToTheEndOfTheConnection() throws Exception {
    ReadinessProbe.Response r = response("HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n[-]store not ready\n");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("[-]store not ready\n");
  }

  @Test
  void aTruncatedOrForeignAnswerIsAnError() {
    assertThatThrownBy(() -> response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> response("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> response("HTTP/1.1 abc\r\n\r\n")).isInstanceOf(IOException.class);
  }
}
