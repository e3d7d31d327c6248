package dev.netkube.dns.plugin.forward;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.corefile.ZoneAddress;
import dev.netkube.dns.plugin.GoDuration;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.forward.ForwardConfig.Policy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code forward FROM TO... { ... }}: upstreams as addresses ({@code 1.1.1.1}, {@code 10.0.0.1:5353},
 * {@code dns://[::1]:53}) or a resolv.conf file whose nameservers they become; CoreDNS's options and words.
 */
public final class ForwardSetup implements Plugin<ForwardConfig> {
  private static final String NAME = "forward";
  private final Function<String, Path> files;

  public ForwardSetup() { this(Path::of); }

  /** With file names resolved elsewhere (tests' resolv.conf). */
  public ForwardSetup(Function<String, Path> files) { this.files = files; }

  @Override public String name() { return NAME; }

  @Override
  public ForwardConfig parse(Dispenser c, List<String> zones) throws CorefileException {
    ForwardConfig config = null;
    while (c.next()) {
      if (config != null) throw CorefileException.plugin(NAME, "this plugin can only be used once per Server Block");
      if (!c.nextArg()) throw plugin(c.argErr());
      String from = ZoneAddress.fqdn(c.val());
      List<String> toArgs = c.remainingArgs();
      if (toArgs.isEmpty()) throw plugin(c.argErr());
      List<InetSocketAddress> to = new ArrayList<>();
      for (String t : toArgs) to.addAll(upstreams(t));
      if (to.size() > ForwardConfig.MAX_UPSTREAMS) {
        throw CorefileException.plugin(NAME, "more than " + ForwardConfig.MAX_UPSTREAMS + " TOs configured: " + to.size());
      }
      List<String> except = new ArrayList<>();
      boolean forceTcp = false;
      boolean preferUdp = false;
      Duration expire = Duration.ofSeconds(10);
      int maxFails = 2;
      Duration healthCheck = Duration.ofMillis(500);
      boolean recursion = true;
      String domain = ".";
      Policy policy = Policy.RANDOM;
      int maxConcurrent = 0;
      boolean failfast = false;
      while (c.nextBlock()) {
        String property = c.val();
        List<String> args;
        switch (property) {
          case "except" -> {
            args = c.remainingArgs();
            if (args.isEmpty()) throw plugin(c.argErr());
            for (String a : args) except.add(ZoneAddress.fqdn(a));
          }
          case "force_tcp" -> {
            if (!c.remainingArgs().isEmpty()) throw plugin(c.argErr());
            forceTcp = true;
          }
          case "prefer_udp" -> {
            if (!c.remainingArgs().isEmpty()) throw plugin(c.argErr());
            preferUdp = true;
          }
          case "max_fails" -> {
            maxFails = integer(c, one(c));
            if (maxFails < 0) throw plugin(c.errf("max_fails can't be negative: %d", maxFails));
          }
          case "expire" -> {
            expire = duration(c, one(c));
            if (expire.isNegative()) throw plugin(c.errf("expire can't be negative: %s", GoDuration.format(expire)));
          }
          case "health_check" -> {
            args = c.remainingArgs();
            if (args.isEmpty()) throw plugin(c.argErr());
            healthCheck = duration(c, args.get(0));
            if (healthCheck.isNegative()) throw plugin(c.errf("health_check can't be negative: %s", GoDuration.format(healthCheck)));
            for (int i = 1; i < args.size(); i++) {
              switch (args.get(i)) {
                case "no_rec" -> recursion = false;
                case "domain" -> {
                  if (i + 1 >= args.size()) throw plugin(c.argErr());
                  domain = ZoneAddress.fqdn(args.get(++i));
                }
                default -> throw plugin(c.errf("health_check: unknown option %s", args.get(i)));
              }
            }
          }
          case "policy" -> {
            String p = one(c);
            policy = switch (p) {
              case "random" -> Policy.RANDOM;
              case "round_robin" -> Policy.ROUND_ROBIN;
              case "sequential" -> Policy.SEQUENTIAL;
              default -> throw plugin(c.errf("unknown policy '%s'", p));
            };
          }
          case "max_concurrent" -> {
            maxConcurrent = integer(c, one(c));
            if (maxConcurrent < 0) throw plugin(c.errf("max_concurrent can't be negative: %d", maxConcurrent));
          }
          case "failfast_all_unhealthy_upstreams" -> {
            if (!c.remainingArgs().isEmpty()) throw plugin(c.argErr());
            failfast = true;
          }
          case "tls", "tls_servername" -> throw plugin(c.errf("%s: DNS over TLS is not supported by netkube", property));
          case "next" -> throw plugin(c.err("next is not yet supported by netkube"));
          default -> throw plugin(c.errf("unknown property '%s'", property));
        }
      }
      if (forceTcp && preferUdp) throw CorefileException.plugin(NAME, "force_tcp and prefer_udp can not be set at the same time");
      config = new ForwardConfig(from, to, except, forceTcp, preferUdp, expire, maxFails, healthCheck, recursion, domain,
          policy, maxConcurrent, failfast);
    }
    return config;
  }

  /** One TO: an address (with optional dns:// and port) or a resolv.conf. */
  private List<InetSocketAddress> upstreams(String to) throws CorefileException {
    String t = to.startsWith("dns://") ? to.substring("dns://".length()) : to;
    if (t.contains("://")) throw CorefileException.plugin(NAME, "only dns:// upstreams are supported by netkube: " + to);
    InetSocketAddress a = address(t);
    if (a != null) return List.of(a);
    Path file = files.apply(to);
    if (Files.isRegularFile(file)) {
      try {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String ns : ResolvConf.nameservers(Files.readString(file))) {
          InetSocketAddress n = address(ns);
          if (n != null) out.add(n);
        }
        if (out.isEmpty()) throw CorefileException.plugin(NAME, "no nameservers found in " + to);
        return out;
      } catch (IOException e) {
        throw CorefileException.plugin(NAME, "open " + to + ": " + e.getMessage());
      }
    }
    throw CorefileException.plugin(NAME, "not an IP address or file: \"" + to + "\"");
  }

  /** {@code 1.2.3.4}, {@code 1.2.3.4:53}, {@code ::1}, {@code [::1]:53}; null if not an IP address. */
  static InetSocketAddress address(String s) {
    String host = s;
    int port = 53;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) return null;
      host = s.substring(1, close);
      if (s.length() > close + 1) {
        if (s.charAt(close + 1) != ':') return null;
        port = parsePort(s.substring(close + 2));
      }
    } else if (s.chars().filter(ch -> ch == ':').count() == 1) {
      host = s.substring(0, s.indexOf(':'));
      port = parsePort(s.substring(s.indexOf(':') + 1));
    }
    if (port < 0) return null;
    boolean literal = host.contains(":") || (host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)) && host.split("\\.", -1).length == 4);
    if (!literal) return null;
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static int parsePort(String p) {
    try {
      int v = Integer.parseInt(p);
      return v < 1 || v > 65535 ? -1 : v;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String one(Dispenser c) throws CorefileException {
    List<String> args = c.remainingArgs();
    if (args.size() != 1) throw plugin(c.argErr());
    return args.get(0);
  }

  private static int integer(Dispenser c, String s) throws CorefileException {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw CorefileException.plugin(NAME, "strconv.Atoi: parsing \"" + s + "\": invalid syntax");
    }
  }

  private static Duration duration(Dispenser c, String s) throws CorefileException {
    try {
      return GoDuration.parse(s);
    } catch (IllegalArgumentException e) {
      throw CorefileException.plugin(NAME, e.getMessage());
    }
  }

  private static CorefileException plugin(CorefileException e) { return CorefileException.plugin(NAME, e.getMessage()); }

  @Override
  public Handler start(ForwardConfig config, PluginContext context) {
    Forwarder f = new Forwarder(config, context.metrics());
    context.closeOnReload(f);
    return f;
  }
}
