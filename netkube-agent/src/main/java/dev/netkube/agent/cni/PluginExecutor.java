package dev.netkube.agent.cni;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a plugin binary: its environment on top of the agent's own, its config on stdin. A test
 * (or an agent outside its node's netns) runs plugins in another netns through a command prefix.
 */
public interface PluginExecutor {
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Runs {@code plugin} to its end. IllegalStateException (message: why) when it could not be
   * started or did not finish within the timeout (it is killed then).
   */
  PluginOutcome execute(Path plugin, Map<String, String> cniEnv, byte[] stdin);

  /** Plugins run as children of the agent, in the agent's netns (production: the node's). */
  static PluginExecutor local() { return new ProcessPluginExecutor(List.of(), DEFAULT_TIMEOUT); }

  /** Plugins run in the named netns: {@code ip netns exec <netns> <plugin>}. */
  static PluginExecutor inNetns(String netnsName) {
    return new ProcessPluginExecutor(List.of("ip", "netns", "exec", netnsName), DEFAULT_TIMEOUT);
  }

  /**
   * Plugins run in the named netns with the caller's mounts: {@code nsenter --net=/run/netns/<netns>
   * <plugin>}. Unlike {@code ip netns exec} it makes no mount namespace of its own, so it is also
   * how to start the agent in its node's netns (see docs/agent-cni.md).
   */
  static PluginExecutor enteringNetns(String netnsName) {
    return new ProcessPluginExecutor(List.of("nsenter", "--net=" + SandboxNetns.NETNS_DIR.resolve(netnsName)), DEFAULT_TIMEOUT);
  }

  /** Plugins run behind an arbitrary command prefix (e.g. {@code nsenter --net=/run/netns/x}). */
  static PluginExecutor withPrefix(List<String> commandPrefix, Duration timeout) {
    return new ProcessPluginExecutor(commandPrefix, timeout);
  }
}
