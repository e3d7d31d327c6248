package dev.netkube.agent.cni;

/** How one plugin run ended: exit 0 with its stdout, or an error result. */
public sealed interface PluginOutcome permits PluginOutcome.Succeeded, PluginOutcome.Failed {
  record Succeeded(byte[] stdout) implements PluginOutcome {}

  record Failed(PluginError error) implements PluginOutcome {}

  /** Reads a finished run as libcni does: any non-zero exit is a failure, its error from stdout. */
  static PluginOutcome of(int exitCode, byte[] stdout, byte[] stderr) {
    if (exitCode == 0) return new Succeeded(stdout);
    return new Failed(PluginError.fromFailedRun("exit status " + exitCode, stdout, stderr));
  }
}
