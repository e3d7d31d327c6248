package dev.netkube.model.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IP and CIDR checks as upstream's netutils "sloppy" parsers accept them (IPv4 parts may have
 * leading zeros). Pure string parsing: never resolves a name.
 */
public final class Addresses {
  public static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
  public static final String INVALID_IPV4 = "must be a valid IPv4 address";
  public static final String INVALID_CIDR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

  private Addresses() {}

  /** The address bytes (4 or 16), or empty when the text is not an IP. */
  public static Optional<byte[]> parse(String text) {
    if (text == null || text.isEmpty()) return Optional.empty();
    if (text.indexOf(':') < 0) return Optional.ofNullable(parseV4(text));
    return Optional.ofNullable(parseV6(text));
  }

  public static boolean isIp(String text) { return parse(text).isPresent(); }

  public static boolean isIpv4(String text) { return parse(text).map(b -> b.length == 4).orElse(false); }

  public static boolean isIpv6(String text) { return parse(text).map(b -> b.length == 16).orElse(false); }

  public static boolean isCidr(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) return false;
    Optional<byte[]> ip = parse(text.substring(0, slash));
    String bits = text.substring(slash + 1);
    if (ip.isEmpty() || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) return false;
    return Integer.parseInt(bits) <= ip.get().length * 8;
  }

  public static List<String> validIp(String text) { return isIp(text) ? List.of() : List.of(INVALID_IP); }

  public static List<String> validIpv4(String text) { return isIpv4(text) ? List.of() : List.of(INVALID_IPV4); }

  public static List<String> validCidr(String text) { return isCidr(text) ? List.of() : List.of(INVALID_CIDR); }

  /** Upstream's ValidateNonSpecialIP: externalIPs and endpoint addresses may not be special ranges. */
  public static List<String> nonSpecial(String text) {
    byte[] b = parse(text).orElse(null);
    List<String> errs = new ArrayList<>();
    if (b == null) return errs;
    if (b.length == 4) {
      int a0 = b[0] & 0xff, a1 = b[1] & 0xff, a2 = b[2] & 0xff, a3 = b[3] & 0xff;
      if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) errs.add("may not be unspecified (0.0.0.0)");
      if (a0 == 127) errs.add("may not be in the loopback range (127.0.0.0/8, ::1/128)");
      if (a0 == 224 && a1 == 0 && a2 == 0) errs.add("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
      if (a0 == 169 && a1 == 254) errs.add("may not be in the link-local range (169.254.0.0/16, fe80::/10)");
    } else {
      boolean zero = true;
      for (int i = 0; i < 15; i++) zero &= b[i] == 0;
      if (zero && b[15] == 0) errs.add("may not be unspecified (0.0.0.0)");
      if (zero && b[15] == 1) errs.add("may not be in the loopback range (127.0.0.0/8, ::1/128)");
      if ((b[0] & 0xff) == 0xff && (b[1] & 0x0f) == 0x02) {
        errs.add("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
      }
      if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
        errs.add("may not be in the link-local range (169.254.0.0/16, fe80::/10)");
      }
    }
    return errs;
  }

  private static byte[] parseV4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) return null;
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 8 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
      int v = Integer.parseInt(p);
      if (v > 255) return null;
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parseV6(String s) {
    byte[] out = new byte[16];
    int ellipsis = -1;
    int pos = 0;
    String rest = s;
    if (rest.startsWith("::")) {
      ellipsis = 0;
      rest = rest.substring(2);
      if (rest.isEmpty()) return out;
    }
    while (!rest.isEmpty()) {
      int colon = rest.indexOf(':');
      String group = colon < 0 ? rest : rest.substring(0, colon);
      if (group.indexOf('.') >= 0) {
        if (colon >= 0 || pos > 12) return null;
        byte[] v4 = parseV4(group);
        if (v4 == null) return null;
        System.arraycopy(v4, 0, out, pos, 4);
        pos += 4;
        rest = "";
        break;
      }
      if (group.isEmpty() || group.length() > 4 || pos >= 16) return null;
      int v;
      try {
        v = Integer.parseInt(group, 16);
      } catch (NumberFormatException e) {
        return null;
      }
      if (group.chars().anyMatch(c -> c == '+' || c == '-')) return null;
      out[pos++] = (byte) (v >> 8);
      out[pos++] = (byte) v;
      if (colon < 0) {
        rest = "";
        break;
      }
      rest = rest.substring(colon + 1);
      if (rest.startsWith(":")) {
        if (ellipsis >= 0) return null;
        ellipsis = pos;
        rest = rest.substring(1);
        if (rest.isEmpty()) break;
      } else if (rest.isEmpty()) {
        return null;
      }
    }
    if (pos < 16) {
      if (ellipsis < 0) return null;
      int n = 16 - pos;
      System.arraycopy(out, ellipsis, out, ellipsis + n, pos - ellipsis);
      for (int i = ellipsis; i < ellipsis + n; i++) out[i] = 0;
    } else if (ellipsis >= 0 && pos == 16) {
      return null;
    }
    return out;
  }
}
