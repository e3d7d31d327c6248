package dev.netkube.proxy.model;

/** The few IPv4 helpers the proxy needs (IPv4 only for now; IPv6 gets its own table later). */
public final class Ipv4 {
    private Ipv4() {}

    public static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    public static long toLong(String ip) {
        if (!isIpv4(ip)) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long value = 0;
        for (String p : ip.split("\\.")) {
            value = value << 8 | Integer.parseInt(p);
        }
        return value;
    }

    public static boolean isCidr(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return isIpv4(cidr);
        }
        String len = cidr.substring(slash + 1);
        return isIpv4(cidr.substring(0, slash)) && !len.isEmpty() && len.chars().allMatch(Character::isDigit)
                && len.length() <= 2 && Integer.parseInt(len) <= 32;
    }

    /** Whether {@code ip} is in {@code cidr} (a bare address is a /32). */
    public static boolean inCidr(String ip, String cidr) {
        int slash = cidr.indexOf('/');
        int len = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
        long base = toLong(slash < 0 ? cidr : cidr.substring(0, slash));
        long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        return (toLong(ip) & mask) == (base & mask);
    }
}
