package dev.netkube.dns.corefile;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A CIDR as reverse zones, as CoreDNS's keys and the kubernetes plugin's zones accept it: an IPv4 prefix splits
 * into /8, /16 or /24 zones ({@code 10.0.0.0/23} → two /24 zones), an IPv6 prefix into nibble zones.
 */
public final class ReverseZones {
  private ReverseZones() {}

  public static List<String> of(String cidr) throws CorefileException {
    int slash = cidr.indexOf('/');
    byte[] address;
    int bits;
    try {
      address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      bits = Integer.parseInt(cidr.substring(slash + 1));
    } catch (UnknownHostException | NumberFormatException | SecurityException e) {
      throw new CorefileException("invalid CIDR " + cidr);
    }
    if (cidr.startsWith(":") || bits < 0 || bits > address.length * 8) throw new CorefileException("invalid CIDR " + cidr);
    int step = address.length == 4 ? 8 : 4;
    int rounded = ((bits + step - 1) / step) * step;
    int extra = rounded - bits;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < (1 << extra); i++) {
      byte[] a = address.clone();
      mask(a, bits);
      // set the bits between the prefix and the next zone boundary to i
      for (int b = 0; b < extra; b++) {
        if ((i >> (extra - 1 - b) & 1) == 1) {
          int bit = bits + b;
          a[bit / 8] |= (byte) (0x80 >> (bit % 8));
        }
      }
      out.add(zone(a, rounded / step, address.length == 4));
    }
    return out;
  }

  private static void mask(byte[] a, int bits) {
    for (int bit = bits; bit < a.length * 8; bit++) a[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
  }

  private static String zone(byte[] a, int labels, boolean v4) {
    StringBuilder sb = new StringBuilder();
    if (v4) {
      for (int i = labels - 1; i >= 0; i--) sb.append(a[i] & 0xff).append('.');
      return sb.append("in-addr.arpa.").toString();
    }
    for (int n = labels - 1; n >= 0; n--) {
      int v = a[n / 2] & 0xff;
      sb.append(Integer.toHexString(n % 2 == 0 ? v >> 4 : v & 0xf)).append('.');
    }
    return sb.append("ip6.arpa.").toString();
  }
}
