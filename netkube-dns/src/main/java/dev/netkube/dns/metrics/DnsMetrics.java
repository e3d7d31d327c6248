package dev.netkube.dns.metrics;

/** CoreDNS's metric families, with its names, help texts and labels (plugin/metrics/vars, cache, forward). */
public final class DnsMetrics {
  public static final String VERSION = "1.11.3";

  public final Registry registry = new Registry();
  public final Registry.Gauge buildInfo = registry.gauge("coredns_build_info",
      "A metric with a constant '1' value labeled by version, revision, and goversion from which CoreDNS was built.",
      "version", "revision", "goversion");
  public final Registry.Gauge pluginEnabled = registry.gauge("coredns_plugin_enabled",
      "A metric that indicates whether a plugin is enabled on per server and zone basis.", "server", "zone", "view", "name");
  public final Registry.Counter requests = registry.counter("coredns_dns_requests_total",
      "Counter of DNS requests made per zone, protocol and family.", "server", "zone", "view", "proto", "family", "type");
  public final Registry.Histogram requestDuration = registry.histogram("coredns_dns_request_duration_seconds",
      "Histogram of the time (in seconds) each request took per zone.", Registry.exponential(0.00025, 2, 16),
      "server", "zone", "view", "type");
  public final Registry.Histogram requestSize = registry.histogram("coredns_dns_request_size_bytes",
      "Size of the EDNS0 UDP buffer in bytes (64K for TCP) per zone and protocol.", SIZE_BUCKETS,
      "server", "zone", "view", "proto");
  public final Registry.Histogram responseSize = registry.histogram("coredns_dns_response_size_bytes",
      "Size of the returned response in bytes.", SIZE_BUCKETS, "server", "zone", "view", "proto");
  public final Registry.Counter responses = registry.counter("coredns_dns_responses_total",
      "Counter of response status codes.", "server", "zone", "view", "rcode", "plugin");
  public final Registry.Counter panics = registry.counter("coredns_panics_total", "A metrics that counts the number of panics.");
  public final Registry.Gauge cacheEntries = registry.gauge("coredns_cache_entries",
      "The number of elements in the cache.", "server", "type", "zones", "view");
  public final Registry.Counter cacheRequests = registry.counter("coredns_cache_requests_total",
      "The count of cache requests.", "server", "zones", "view");
  public final Registry.Counter cacheHits = registry.counter("coredns_cache_hits_total",
      "The count of cache hits.", "server", "type", "zones", "view");
  public final Registry.Counter cacheMisses = registry.counter("coredns_cache_misses_total",
      "The count of cache misses. Deprecated, derive misses from cache hits/requests counters.", "server", "zones", "view");
  public final Registry.Counter cacheEvictions = registry.counter("coredns_cache_evictions_total",
      "The count of cache evictions.", "server", "type", "zones", "view");
  public final Registry.Counter forwardHealthcheckBroken = registry.counter("coredns_forward_healthcheck_broken_total",
      "Counter of the number of complete failures of the healthchecks.");
  public final Registry.Counter forwardMaxConcurrentRejects = registry.counter("coredns_forward_max_concurrent_rejects_total",
      "Counter of the number of queries rejected because the concurrent queries were at maximum.");
  public final Registry.Histogram proxyRequestDuration = registry.histogram("coredns_proxy_request_duration_seconds",
      "Histogram of the time each request took.", Registry.exponential(0.00025, 2, 16), "proxy_name", "to", "rcode");
  public final Registry.Counter proxyHealthcheckFailures = registry.counter("coredns_proxy_healthcheck_failures_total",
      "Count of failed health checks per upstream.", "proxy_name", "to");
  public final Registry.Counter reloadFailed = registry.counter("coredns_reload_failed_total",
      "Counter of the number of failed reload attempts.");

  private static final double[] SIZE_BUCKETS = {0, 100, 200, 300, 400, 511, 1023, 2047, 4095, 8291, 16000, 32000, 48000, 64000};

  public DnsMetrics() {
    buildInfo.set(() -> 1, VERSION, "netkube", System.getProperty("java.version"));
    reloadFailed.add(0);
    panics.add(0);
  }
}
