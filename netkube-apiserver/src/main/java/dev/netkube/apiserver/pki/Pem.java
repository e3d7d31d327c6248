package dev.netkube.apiserver.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * PEM encoding and decoding of certificates and keys, in the formats kubeadm writes: certificates
 * as {@code CERTIFICATE}, RSA private keys as PKCS#1 {@code RSA PRIVATE KEY}, public keys as PKIX
 * {@code PUBLIC KEY}. Decoding also accepts PKCS#8 {@code PRIVATE KEY} and EC keys.
 */
public final class Pem {
  private Pem() {}

  public static String encode(X509Certificate certificate) { return write(certificate); }

  public static String encode(PrivateKey key) { return write(key); }

  public static String encode(PublicKey key) { return write(key); }

  /** Every certificate in the text, in order (a CA bundle may hold several). */
  public static List<X509Certificate> parseCertificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) out.add(converter.getCertificate(holder));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid PEM: " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("invalid certificate: " + e.getMessage(), e);
    }
    return List.copyOf(out);
  }

  /** The single certificate in the text; fails when there is none. */
  public static X509Certificate parseCertificate(String pem) {
    List<X509Certificate> all = parseCertificates(pem);
    if (all.isEmpty()) throw new IllegalArgumentException("no CERTIFICATE block found");
    return all.get(0);
  }

  /** The private key of a PKCS#1, SEC1 or PKCS#8 block. */
  public static PrivateKey parsePrivateKey(String pem) {
    Object o = readFirst(pem);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
      if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid private key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no private key block found");
  }

  /** The key pair of a PKCS#1/SEC1 block (which holds the public part too). */
  public static KeyPair parseKeyPair(String pem) {
    Object o = readFirst(pem);
    if (!(o instanceof PEMKeyPair pair)) throw new IllegalArgumentException("no RSA/EC PRIVATE KEY block found");
    try {
      return new JcaPEMKeyConverter().getKeyPair(pair);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid private key: " + e.getMessage(), e);
    }
  }

  public static PublicKey parsePublicKey(String pem) {
    Object o = readFirst(pem);
    try {
      if (o instanceof SubjectPublicKeyInfo info) return new JcaPEMKeyConverter().getPublicKey(info);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid public key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no PUBLIC KEY block found");
  }

  private static Object readFirst(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      if (o == null) throw new IllegalArgumentException("no PEM block found");
      return o;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid PEM: " + e.getMessage(), e);
    }
  }

  private static String write(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
