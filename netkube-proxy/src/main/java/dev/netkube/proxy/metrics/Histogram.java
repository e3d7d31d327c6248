package dev.netkube.proxy.metrics;

/** A Prometheus histogram (cumulative buckets, sum, count), as client_golang writes it. Thread-safe. */
public final class Histogram {
  private final String name;
  private final String help;
  private final double[] bounds;
  private final long[] counts;
  private double sum;
  private long count;

  public Histogram(String name, String help, double[] bounds) {
    this.name = name;
    this.help = help;
    this.bounds = bounds.clone();
    this.counts = new long[bounds.length];
  }

  /** client_golang's ExponentialBuckets(start, factor, count). */
  public static double[] exponential(double start, double factor, int count) {
    double[] b = new double[count];
    for (int i = 0; i < count; i++) b[i] = start * Math.pow(factor, i);
    return b;
  }

  public synchronized void observe(double value) {
    for (int i = 0; i < bounds.length; i++) if (value <= bounds[i]) counts[i]++;
    sum += value;
    count++;
  }

  public synchronized long count() { return count; }

  synchronized void write(StringBuilder out) {
    out.append("# HELP ").append(name).append(" [ALPHA] ").append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    for (int i = 0; i < bounds.length; i++) {
      out.append(name).append("_bucket{le=\"").append(Prometheus.number(bounds[i])).append("\"} ").append(counts[i]).append('\n');
    }
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(count).append('\n');
    out.append(name).append("_sum ").append(Prometheus.number(sum)).append('\n');
    out.append(name).append("_count ").append(count).append('\n');
  }
}
