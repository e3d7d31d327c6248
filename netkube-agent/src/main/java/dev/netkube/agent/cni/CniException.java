package dev.netkube.agent.cni;

import dev.netkube.model.GoQuote;
import java.util.Optional;

/**
 * A CNI operation that failed. The message reads as libcni's (what containerd, and so kubelet,
 * print): {@code plugin type="bridge" failed (add): failed to allocate for range 0: no IP
 * addresses available in range set: 10.244.1.1-10.244.1.2}. {@link KubeletMessages} wraps it into
 * the pod events kubelet records.
 */
public final class CniException extends Exception {
  private final CniCommand command;
  private final String pluginType;
  private final transient Optional<PluginError> pluginError;

  private CniException(CniCommand command, String pluginType, Optional<PluginError> pluginError, String message,
      Throwable cause) {
    super(message, cause);
    this.command = command;
    this.pluginType = pluginType;
    this.pluginError = pluginError;
  }

  /** A plugin of a list answered with an error result. */
  static CniException pluginFailed(CniCommand command, String pluginType, PluginError error) {
    return new CniException(command, pluginType, Optional.of(error),
        "plugin type=" + GoQuote.quote(pluginType) + " failed (" + command.verb() + "): " + error.text(), null);
  }

  /** A plugin could not be run at all (not found, timed out, exec failed), before any answer. */
  static CniException pluginNotRun(CniCommand command, String pluginType, String why, Throwable cause) {
    return new CniException(command, pluginType, Optional.empty(),
        "plugin type=" + GoQuote.quote(pluginType) + " failed (" + command.verb() + "): " + why, cause);
  }

  /** A failure of the runtime itself (cache, configuration). */
  static CniException runtime(CniCommand command, String message, Throwable cause) {
    return new CniException(command, "", Optional.empty(), message, cause);
  }

  public CniCommand command() { return command; }

  /** The failing plugin's type, "" when the runtime itself failed. */
  public String pluginType() { return pluginType; }

  /** The plugin's error result, when it printed one. */
  public Optional<PluginError> pluginError() { return pluginError; }

  /** The spec says code 11 means the runtime may retry later. */
  public boolean tryAgainLater() {
    return pluginError.map(e -> e.code() == PluginError.TRY_AGAIN_LATER).orElse(false);
  }
}
