package dev.netkube.controllers.scheduler;

/** Requested or allocatable cpu (millicores) and memory (bytes). */
public record Resources(long milliCpu, long memory) {
  public static final Resources ZERO = new Resources(0, 0);
  /** Upstream's non-zero defaults for scoring pods that request nothing: 100m and 200Mi. */
  static final long DEFAULT_MILLI_CPU = 100;
  static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

  public Resources plus(Resources o) { return new Resources(milliCpu + o.milliCpu, memory + o.memory); }

  public Resources minus(Resources o) { return new Resources(milliCpu - o.milliCpu, memory - o.memory); }

  public Resources max(Resources o) { return new Resources(Math.max(milliCpu, o.milliCpu), Math.max(memory, o.memory)); }

  /** What scoring counts: zero requests become the defaults. */
  Resources nonZero() {
    return new Resources(milliCpu == 0 ? DEFAULT_MILLI_CPU : milliCpu, memory == 0 ? DEFAULT_MEMORY : memory);
  }
}
