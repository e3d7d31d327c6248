package dev.netkube.agent.cni;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The spec's environment for one plugin run: CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, ... */
public record PluginInvocation(CniCommand command, String containerId, String netns, String ifName, CniArgs args,
    List<Path> pluginDirs) {
  public PluginInvocation {
    pluginDirs = List.copyOf(pluginDirs);
  }

  public static PluginInvocation version(List<Path> pluginDirs) {
    return new PluginInvocation(CniCommand.VERSION, "", "", "", CniArgs.none(), pluginDirs);
  }

  public PluginInvocation withCommand(CniCommand c) {
    return new PluginInvocation(c, containerId, netns, ifName, args, pluginDirs);
  }

  /** Set after the inherited environment, so these win over any the agent itself was given. */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", command.name());
    env.put("CNI_CONTAINERID", containerId);
    env.put("CNI_NETNS", netns);
    env.put("CNI_ARGS", args.env());
    env.put("CNI_IFNAME", ifName);
    env.put("CNI_PATH", pluginDirs.stream().map(Path::toString).collect(Collectors.joining(":")));
    return env;
  }
}
