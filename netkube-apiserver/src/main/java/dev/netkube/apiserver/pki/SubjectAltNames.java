package dev.netkube.apiserver.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/**
 * The names a serving certificate is valid for. IPs are kept in canonical text form so that a set
 * read back from a certificate compares equal to the set that was asked for.
 */
record SubjectAltNames(Set<String> dnsNames, Set<String> ipAddresses) {
  // RFC 1123 labels, as Go's crypto/x509 accepts them; a leading "*." wildcard is allowed.
  private static final Pattern DNS_NAME =
      Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  /** Keeps the given order (for readable certificates); equality is set equality, order-blind. */
  SubjectAltNames {
    dnsNames = Collections.unmodifiableSet(new LinkedHashSet<>(dnsNames));
    ipAddresses = Collections.unmodifiableSet(new LinkedHashSet<>(ipAddresses));
  }

  static SubjectAltNames of(Collection<String> dnsNames, Collection<String> ipAddresses) {
    LinkedHashSet<String> dns = new LinkedHashSet<>();
    for (String name : dnsNames) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (!DNS_NAME.matcher(n).matches()) throw new IllegalArgumentException("invalid DNS subject alternative name: " + name);
      dns.add(n);
    }
    LinkedHashSet<String> ips = new LinkedHashSet<>();
    for (String ip : ipAddresses) ips.add(canonicalIp(ip.trim()));
    return new SubjectAltNames(dns, ips);
  }

  /** The DNS (type 2) and IP (type 7) names of a certificate. */
  static SubjectAltNames of(X509Certificate certificate) {
    LinkedHashSet<String> dns = new LinkedHashSet<>();
    LinkedHashSet<String> ips = new LinkedHashSet<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> entry : names) {
          int type = (Integer) entry.get(0);
          if (type == 2) dns.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
          if (type == 7) ips.add(canonicalIp((String) entry.get(1)));
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subjectAltName extension", e);
    }
    return new SubjectAltNames(dns, ips);
  }

  static String canonicalIp(String literal) {
    // Only literals: InetAddress.getByName would otherwise resolve host names through DNS.
    if (!IPAddress.isValid(literal)) throw new IllegalArgumentException("invalid IP subject alternative name: " + literal);
    try {
      return InetAddress.getByName(literal).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid IP subject alternative name: " + literal, e);
    }
  }
}
