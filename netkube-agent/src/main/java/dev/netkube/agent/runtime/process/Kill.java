package dev.netkube.agent.runtime.process;

/** kill(2) with any signal: ProcessHandle only knows SIGTERM and SIGKILL, images may ask for SIGQUIT or SIGINT. */
public final class Kill {
  private Kill() {}

  /** True when the signal was sent (false: no such process any more). */
  public static boolean send(long pid, int signal) { return LibC.INSTANCE.kill((int) pid, signal) == 0; }
}
