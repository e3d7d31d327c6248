package dev.netkube.proxy.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * kube-proxy's own metrics, with upstream's names and help texts, served on metricsBindAddress (/metrics).
 * Only the ones netkube's proxy can honestly measure.
 */
public final class ProxyMetrics {
  // upstream: metrics.ExponentialBuckets(0.001, 2, 15)
  public final Histogram syncDuration = new Histogram("kubeproxy_sync_proxy_rules_duration_seconds",
      "SyncProxyRules latency in seconds", Histogram.exponential(0.001, 2, 15));
  public final Histogram fullSyncDuration = new Histogram("kubeproxy_sync_full_proxy_rules_duration_seconds",
      "SyncProxyRules latency in seconds for full resyncs", Histogram.exponential(0.001, 2, 15));
  public final Histogram partialSyncDuration = new Histogram("kubeproxy_sync_partial_proxy_rules_duration_seconds",
      "SyncProxyRules latency in seconds for partial resyncs", Histogram.exponential(0.001, 2, 15));
  // upstream: LinearBuckets(0.25, 0.25, 2) + LinearBuckets(1, 1, 59) + LinearBuckets(60, 5, 12) + LinearBuckets(120, 30, 7)
  public final Histogram networkProgramming = new Histogram("kubeproxy_network_programming_duration_seconds",
      "In Cluster Network Programming Latency in seconds", programmingBuckets());
  private volatile double lastSync;
  private volatile double lastQueued;
  public final AtomicLong endpointChanges = new AtomicLong();
  public final AtomicLong serviceChanges = new AtomicLong();
  public final AtomicLong syncFailures = new AtomicLong();
  public final AtomicLong cleanupFailures = new AtomicLong();

  private static double[] programmingBuckets() {
    java.util.List<Double> b = new java.util.ArrayList<>(java.util.List.of(0.25, 0.5));
    for (int i = 0; i < 59; i++) b.add(1.0 + i);
    for (int i = 0; i < 12; i++) b.add(60.0 + 5 * i);
    for (int i = 0; i < 7; i++) b.add(120.0 + 30 * i);
    return b.stream().mapToDouble(Double::doubleValue).distinct().sorted().toArray();
  }

  public void synced(double epochSeconds) { lastSync = epochSeconds; }

  public void queued(double epochSeconds) { lastQueued = epochSeconds; }

  /** The Prometheus text exposition of all of them. */
  public String text() {
    StringBuilder out = new StringBuilder();
    networkProgramming.write(out);
    fullSyncDuration.write(out);
    partialSyncDuration.write(out);
    syncDuration.write(out);
    counter(out, "kubeproxy_sync_proxy_rules_endpoint_changes_total", "Cumulative proxy rules Endpoint changes", endpointChanges.get());
    gauge(out, "kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds",
        "The last time a sync of proxy rules was queued", lastQueued);
    gauge(out, "kubeproxy_sync_proxy_rules_last_timestamp_seconds", "The last time proxy rules were successfully synced", lastSync);
    counter(out, "kubeproxy_sync_proxy_rules_nftables_cleanup_failures_total",
        "Cumulative proxy nftables cleanup failures", cleanupFailures.get());
    counter(out, "kubeproxy_sync_proxy_rules_nftables_sync_failures_total", "Cumulative proxy nftables sync failures", syncFailures.get());
    counter(out, "kubeproxy_sync_proxy_rules_service_changes_total", "Cumulative proxy rules Service changes", serviceChanges.get());
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(" [ALPHA] ").append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    out.append("# HELP ").append(name).append(" [ALPHA] ").append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(gaugeValue(value)).append('\n');
  }

  private static String gaugeValue(double v) {
    // client_golang prints large values in exponent form: 1.7334e+09
    if (v == 0) return "0";
    String s = String.format(java.util.Locale.ROOT, "%.9e", v);
    String mantissa = s.substring(0, s.indexOf('e')).replaceAll("0+$", "").replaceAll("\\.$", "");
    int exp = Integer.parseInt(s.substring(s.indexOf('e') + 1));
    return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exp));
  }
}
