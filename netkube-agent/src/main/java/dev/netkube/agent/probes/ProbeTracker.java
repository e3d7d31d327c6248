package dev.netkube.agent.probes;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One probe of one container instance, as kubelet's prober worker keeps it: runs every
 * periodSeconds after initialDelaySeconds; successThreshold consecutive successes make it pass,
 * failureThreshold consecutive failures make it fail; a readiness probe starts as failing, a
 * liveness or startup probe as passing (kubelet's initial values). Pure: results and times in,
 * the verdict and the next run out.
 */
public final class ProbeTracker {
  public enum Kind { READINESS, LIVENESS, STARTUP }

  /** A probe's settings, defaulted as the API defaults them. */
  public record Settings(int initialDelaySeconds, int periodSeconds, int timeoutSeconds, int successThreshold,
      int failureThreshold) {
    public static Settings defaults() { return new Settings(0, 10, 1, 1, 3); }
  }

  /** A probe run's result; the message is the one kubelet puts in its Unhealthy event. */
  public sealed interface Result permits Result.Success, Result.Failure {
    record Success() implements Result {}

    record Failure(String message) implements Result {}
  }

  /** What changed after a result. */
  public record Verdict(boolean passing, boolean changed, Optional<String> failureMessage) {}

  private final Kind kind;
  private final Settings settings;
  private final Instant containerStarted;
  private boolean passing;
  private int successes;
  private int failures;
  private Instant lastRun;

  public ProbeTracker(Kind kind, Settings settings, Instant containerStarted) {
    this.kind = kind;
    this.settings = settings;
    this.containerStarted = containerStarted;
    this.passing = kind != Kind.READINESS;
  }

  public Kind kind() { return kind; }

  public boolean passing() { return passing; }

  /** When the probe runs next. */
  public Instant nextRun() {
    Instant first = containerStarted.plusSeconds(settings.initialDelaySeconds());
    return lastRun == null ? first : max(first, lastRun.plusSeconds(settings.periodSeconds()));
  }

  public Duration timeout() { return Duration.ofSeconds(settings.timeoutSeconds()); }

  public synchronized Verdict record(Result result, Instant at) {
    lastRun = at;
    boolean before = passing;
    Optional<String> message = Optional.empty();
    if (result instanceof Result.Success) {
      failures = 0;
      successes++;
      // Liveness and startup probes need one success (the API forces successThreshold 1 for them).
      int needed = kind == Kind.READINESS ? settings.successThreshold() : 1;
      if (successes >= needed) passing = true;
    } else {
      successes = 0;
      failures++;
      message = Optional.of(((Result.Failure) result).message());
      if (failures >= settings.failureThreshold()) passing = false;
    }
    return new Verdict(passing, passing != before, message);
  }

  /** kubelet's event message prefix: "Readiness probe failed: ...". */
  public String eventMessage(String failure) {
    String name = switch (kind) {
      case READINESS -> "Readiness";
      case LIVENESS -> "Liveness";
      case STARTUP -> "Startup";
    };
    return name + " probe failed: " + failure;
  }

  /** The Killing event's message when a liveness or startup probe fails. */
  public static String killMessage(Kind kind, String container) {
    return "Container " + container + " failed " + (kind == Kind.STARTUP ? "startup" : "liveness") + " probe, will be restarted";
  }

  private static Instant max(Instant a, Instant b) { return a.isAfter(b) ? a : b; }
}
