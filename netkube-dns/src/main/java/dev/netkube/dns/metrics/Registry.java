package dev.netkube.dns.metrics;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.DoubleSupplier;

/** Labelled counters, gauges and histograms in the Prometheus text format, as client_golang writes them. */
public final class Registry {
  private final List<Family> families = new CopyOnWriteArrayList<>();

  /** A counter family; {@code inc(values)} in label order. */
  public final class Counter extends Family {
    private final Map<List<String>, DoubleAdder> cells = new ConcurrentHashMap<>();

    Counter(String name, String help, List<String> labels) { super(name, help, "counter", labels); }

    public void inc(String... values) { add(1, values); }

    public void add(double v, String... values) { cells.computeIfAbsent(List.of(values), k -> new DoubleAdder()).add(v); }

    public double value(String... values) {
      DoubleAdder a = cells.get(List.of(values));
      return a == null ? 0 : a.sum();
    }

    @Override void samples(StringBuilder out) {
      cells.forEach((values, adder) -> sample(out, name, values, List.of(), List.of(), adder.sum()));
    }
  }

  /** A gauge family whose cells are read when scraped. */
  public final class Gauge extends Family {
    private final Map<List<String>, DoubleSupplier> cells = new ConcurrentHashMap<>();

    Gauge(String name, String help, List<String> labels) { super(name, help, "gauge", labels); }

    public void set(DoubleSupplier value, String... values) { cells.put(List.of(values), value); }

    public void remove(String... values) { cells.remove(List.of(values)); }

    public void clear() { cells.clear(); }

    @Override void samples(StringBuilder out) {
      cells.forEach((values, v) -> sample(out, name, values, List.of(), List.of(), v.getAsDouble()));
    }
  }

  /** A histogram family with fixed upper bounds. */
  public final class Histogram extends Family {
    private final double[] bounds;
    private final Map<List<String>, Cells> cells = new ConcurrentHashMap<>();

    private final class Cells {
      final long[] counts = new long[bounds.length];
      double sum;
      long count;

      synchronized void observe(double v) {
        for (int i = 0; i < bounds.length; i++) if (v <= bounds[i]) counts[i]++;
        sum += v;
        count++;
      }
    }

    Histogram(String name, String help, List<String> labels, double[] bounds) {
      super(name, help, "histogram", labels);
      this.bounds = bounds.clone();
    }

    public void observe(double v, String... values) { cells.computeIfAbsent(List.of(values), k -> new Cells()).observe(v); }

    public long count(String... values) {
      Cells c = cells.get(List.of(values));
      return c == null ? 0 : c.count;
    }

    @Override void samples(StringBuilder out) {
      cells.forEach((values, c) -> {
        synchronized (c) {
          for (int i = 0; i < bounds.length; i++) {
            sample(out, name + "_bucket", values, List.of("le"), List.of(number(bounds[i])), c.counts[i]);
          }
          sample(out, name + "_bucket", values, List.of("le"), List.of("+Inf"), c.count);
          sample(out, name + "_sum", values, List.of(), List.of(), c.sum);
          sample(out, name + "_count", values, List.of(), List.of(), c.count);
        }
      });
    }
  }

  abstract class Family {
    final String name;
    final String help;
    final String type;
    final List<String> labels;

    Family(String name, String help, String type, List<String> labels) {
      this.name = name;
      this.help = help;
      this.type = type;
      this.labels = List.copyOf(labels);
    }

    abstract void samples(StringBuilder out);

    void sample(StringBuilder out, String metric, List<String> values, List<String> extraNames, List<String> extraValues,
                double v) {
      out.append(metric);
      List<String> names = new ArrayList<>(labels);
      names.addAll(extraNames);
      List<String> vals = new ArrayList<>(values);
      vals.addAll(extraValues);
      if (!names.isEmpty()) {
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) out.append(',');
          out.append(names.get(i)).append("=\"").append(escape(i < vals.size() ? vals.get(i) : "")).append('"');
        }
        out.append('}');
      }
      out.append(' ').append(number(v)).append('\n');
    }
  }

  public Counter counter(String name, String help, String... labels) { return add(new Counter(name, help, List.of(labels))); }

  public Gauge gauge(String name, String help, String... labels) { return add(new Gauge(name, help, List.of(labels))); }

  public Histogram histogram(String name, String help, double[] bounds, String... labels) {
    return add(new Histogram(name, help, List.of(labels), bounds));
  }

  private <F extends Family> F add(F f) {
    families.add(f);
    return f;
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    for (Family f : families) {
      StringBuilder samples = new StringBuilder();
      f.samples(samples);
      if (samples.length() == 0) continue; // client_golang omits a vector without children
      out.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
      out.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
      out.append(samples);
    }
    return out.toString();
  }

  /** client_golang's ExponentialBuckets. */
  public static double[] exponential(double start, double factor, int count) {
    double[] b = new double[count];
    for (int i = 0; i < count; i++) b[i] = start * Math.pow(factor, i);
    return b;
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  private static String escape(String s) { return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"); }
}
