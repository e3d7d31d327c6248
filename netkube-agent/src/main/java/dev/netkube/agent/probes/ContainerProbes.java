package dev.netkube.agent.probes;

import dev.netkube.agent.probes.ProbeTracker.Kind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The probes of one container instance, as kubelet's prober manager keeps them: a startup probe
 * holds the others back until it passes; "started" is the startup probe's verdict (true without
 * one), "ready" needs started and a passing readiness probe (true without one).
 */
public final class ContainerProbes {
  /** A probe of the spec with its tracker. */
  public record Entry(Probe probe, ProbeTracker tracker) {}

  private final Optional<Entry> startup;
  private final Optional<Entry> liveness;
  private final Optional<Entry> readiness;

  private ContainerProbes(Optional<Entry> startup, Optional<Entry> liveness, Optional<Entry> readiness) {
    this.startup = startup;
    this.liveness = liveness;
    this.readiness = readiness;
  }

  public static ContainerProbes of(Container c, Instant started) {
    return new ContainerProbes(entry(Kind.STARTUP, c.getStartupProbe(), started),
        entry(Kind.LIVENESS, c.getLivenessProbe(), started), entry(Kind.READINESS, c.getReadinessProbe(), started));
  }

  private static Optional<Entry> entry(Kind kind, Probe p, Instant started) {
    if (p == null) return Optional.empty();
    ProbeTracker.Settings d = ProbeTracker.Settings.defaults();
    ProbeTracker.Settings s = new ProbeTracker.Settings(
        or(p.getInitialDelaySeconds(), d.initialDelaySeconds()), or(p.getPeriodSeconds(), d.periodSeconds()),
        or(p.getTimeoutSeconds(), d.timeoutSeconds()), or(p.getSuccessThreshold(), d.successThreshold()),
        or(p.getFailureThreshold(), d.failureThreshold()));
    return Optional.of(new Entry(p, new ProbeTracker(kind, s, started)));
  }

  private static int or(Integer v, int d) { return v == null || v <= 0 && d > 0 ? d : v; }

  public boolean started() { return startup.map(e -> e.tracker().passing()).orElse(true); }

  public boolean ready() { return started() && readiness.map(e -> e.tracker().passing()).orElse(true); }

  /** The probes that run now: the startup probe until it passed, then liveness and readiness. */
  public List<Entry> active() {
    List<Entry> out = new ArrayList<>();
    if (!started()) {
      startup.ifPresent(out::add);
      return out;
    }
    liveness.ifPresent(out::add);
    readiness.ifPresent(out::add);
    return out;
  }
}
