package dev.netkube.agent.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The process a container runs, from the image's ENTRYPOINT and CMD and the container's command and args, as
 * kubelet and containerd compose it: {@code $(VAR)} in command and args is expanded with the container's declared
 * environment (kubelet's ExpandContainerCommandAndArgs); then a command replaces the ENTRYPOINT and drops the CMD,
 * args replace the CMD (containerd's WithProcessArgs, after moby's rules).
 */
public final class ContainerCommand {
  private ContainerCommand() {}

  /** containerd's error when neither the image nor the container says what to run. */
  public static final String NO_COMMAND = "no command specified";

  /** The argv, or empty when there is nothing to run ({@link #NO_COMMAND}). */
  public static Optional<List<String>> compose(List<String> entrypoint, List<String> cmd, List<String> command,
                                               List<String> args, Map<String, String> declaredEnv) {
    List<String> expandedCommand = expandAll(command, declaredEnv);
    List<String> expandedArgs = expandAll(args, declaredEnv);
    List<String> argv = new ArrayList<>();
    if (!expandedCommand.isEmpty()) {
      argv.addAll(expandedCommand);
      argv.addAll(expandedArgs);
    } else {
      // An ENTRYPOINT of one empty string means "no entrypoint" (moby).
      if (!(entrypoint.size() == 1 && entrypoint.get(0).isEmpty())) argv.addAll(entrypoint);
      argv.addAll(expandedArgs.isEmpty() ? cmd : expandedArgs);
    }
    return argv.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(argv));
  }

  private static List<String> expandAll(List<String> values, Map<String, String> env) {
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) out.add(Expansion.expand(v, env));
    return out;
  }
}
