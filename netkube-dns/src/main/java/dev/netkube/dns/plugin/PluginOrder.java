package dev.netkube.dns.plugin;

import java.util.List;

/**
 * CoreDNS's plugin.cfg (v1.11): every directive it knows, in the order a query runs through them, whatever order
 * the Corefile writes them in. A word not in this list is an "Unknown directive".
 */
public final class PluginOrder {
  private PluginOrder() {}

  public static final List<String> DIRECTIVES = List.of(
      "root", "metadata", "geoip", "cancel", "tls", "timeouts", "multisocket", "reload", "nsid", "bufsize", "bind",
      "debug", "trace", "ready", "health", "pprof", "prometheus", "errors", "log", "dnstap", "local", "dns64", "acl",
      "any", "chaos", "loadbalance", "tsig", "cache", "rewrite", "header", "dnssec", "autopath", "minimal",
      "template", "transfer", "hosts", "route53", "azure", "clouddns", "k8s_external", "kubernetes", "file", "auto",
      "secondary", "etcd", "loop", "forward", "grpc", "erratic", "whoami", "on", "sign", "view");

  public static int rank(String directive) { return DIRECTIVES.indexOf(directive); }
}
