package dev.netkube.apiserver.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes keys and certificates the way kubeadm's pkiutil does: RSA 2048 keys, SHA256withRSA
 * signatures, random positive 63-bit serials, subject with each O before the CN, leaf key usage
 * digitalSignature + keyEncipherment, CA adds keyCertSign. Uses the JDK's default providers (no
 * global BouncyCastle provider registration).
 */
final class Certificates {
  /** Certificates start a little in the past so that a peer whose clock lags still accepts them. */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {}

  enum Usage { SERVER, CLIENT }

  static KeyPair newRsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no RSA", e);
    }
  }

  static X500Name subject(String commonName, List<String> organizations) {
    if (commonName == null || commonName.isEmpty()) throw new IllegalArgumentException("must specify a CommonName");
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    for (String org : organizations) builder.addRDN(BCStyle.O, org);
    builder.addRDN(BCStyle.CN, commonName);
    return builder.build();
  }

  static X509Certificate selfSignedCa(String commonName, KeyPair key, Instant now, Duration validity) {
    X500Name name = subject(commonName, List.of());
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(name, name, key.getPublic(), now, validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()))
          // client-go's NewSelfSignedCACert names the CA in its SANs too.
          .addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)));
      return sign(builder, key.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create CA certificate", e);
    }
  }

  static X509Certificate signed(X500Name subject, PublicKey subjectKey, Usage usage, SubjectAltNames sans,
      X509Certificate ca, PrivateKey caKey, Instant now, Duration validity) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
      KeyPurposeId purpose = usage == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth;
      X509v3CertificateBuilder builder = builder(issuer, subject, subjectKey, now, validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
      List<GeneralName> names = new ArrayList<>();
      sans.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
      sans.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      return sign(builder, caKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot sign certificate for " + subject, e);
    }
  }

  /** True when {@code certificate} carries {@code ca}'s signature and is valid over the next {@code margin}. */
  static boolean issuedByAndFresh(X509Certificate certificate, X509Certificate ca, Instant now, Duration margin) {
    try {
      certificate.verify(ca.getPublicKey());
      certificate.checkValidity(Date.from(now));
      certificate.checkValidity(Date.from(now.plus(margin)));
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant now,
      Duration validity) {
    BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
    return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(BACKDATE)),
        Date.from(now.plus(validity)), subject, key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
