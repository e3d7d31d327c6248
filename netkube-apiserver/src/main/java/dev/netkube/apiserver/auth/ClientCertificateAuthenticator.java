package dev.netkube.apiserver.auth;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Upstream's x509 request authenticator: a client certificate chain that verifies against the
 * cluster CA, is within its validity dates and is usable for client auth authenticates as
 * user = subject CN, groups = each subject O in order, then {@code system:authenticated}. A
 * certificate without a CN authenticates nobody (empty), as upstream.
 *
 * <p>Netty's TLS layer already verified the chain; this check stands on its own so the
 * authenticator is correct wherever certificates come from.
 */
public final class ClientCertificateAuthenticator {
  /**
   * Chains that validated, and until when (the earliest notAfter): the same few clients (the
   * controllers, kubectl) send the same certificate with every request, and a full PKIX
   * validation per request was 3% of the server's CPU under load. Signatures do not change, so a
   * chain that validated once validates until it expires.
   */
  private static final int MAX_VERIFIED = 1024;
  private final java.util.Map<List<X509Certificate>, Instant> verified = new java.util.concurrent.ConcurrentHashMap<>();

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

  private final X509Certificate ca;
  private final Clock clock;

  public ClientCertificateAuthenticator(X509Certificate ca) { this(ca, Clock.systemUTC()); }

  public ClientCertificateAuthenticator(X509Certificate ca, Clock clock) {
    this.ca = ca;
    this.clock = clock;
  }

  /** The user of this peer chain (leaf first), or empty when it does not authenticate. */
  public Optional<UserInfo> authenticate(X509Certificate[] chain) {
    if (chain == null || chain.length == 0) return Optional.empty();
    X509Certificate leaf = chain[0];
    if (!verifies(chain) || !usableForClientAuth(leaf)) return Optional.empty();
    X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
    List<String> commonNames = values(subject, BCStyle.CN);
    // Go's pkix.Name keeps the last CN when there are several.
    String commonName = commonNames.isEmpty() ? "" : commonNames.get(commonNames.size() - 1);
    if (commonName.isEmpty()) return Optional.empty();
    return Optional.of(UserInfo.of(commonName, values(subject, BCStyle.O)).withAuthenticatedGroup());
  }

  private boolean verifies(X509Certificate[] chain) {
    // The trust anchor is not part of the path to validate; some clients send it along.
    List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
    while (path.size() > 1 && path.get(path.size() - 1).equals(ca)) path.remove(path.size() - 1);
    Instant now = clock.instant();
    Instant validUntil = verified.get(path);
    if (validUntil != null && now.isBefore(validUntil) && validFrom(path, now)) return true;
    try {
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
      if (verified.size() >= MAX_VERIFIED) verified.clear();
      verified.put(List.copyOf(path), path.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElse(now));
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean validFrom(List<X509Certificate> path, Instant now) {
    for (X509Certificate c : path) if (now.isBefore(c.getNotBefore().toInstant())) return false;
    return true;
  }

  /** Go's x509 Verify with KeyUsages [ClientAuth]: no EKU extension means any usage. */
  private static boolean usableForClientAuth(X509Certificate leaf) {
    try {
      List<String> usages = leaf.getExtendedKeyUsage();
      return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_EXTENDED_KEY_USAGE);
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
    List<String> out = new ArrayList<>();
    for (RDN rdn : name.getRDNs()) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        if (atv.getType().equals(type)) out.add(plain(atv.getValue()));
      }
    }
    return out;
  }

  /** The attribute's string as Go decodes it (no RFC 2253 escaping). */
  private static String plain(ASN1Encodable value) {
    return value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value);
  }
}
