package dev.netkube.cli.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** iproute2 as netkube runs it: batches on stdin, JSON out. Thin: no decisions here. */
public final class Ip {
  private Ip() {}

  /** Runs a batch; throws {@link Exec.Failed} with ip's own words when a command of it fails. */
  public static void run(IpBatch batch) {
    if (batch.lines().isEmpty()) return;
    Exec.Result result = Exec.run(command(batch.netns(), false, List.of("-batch", "-")), String.join("\n", batch.lines()) + "\n");
    if (!result.ok()) throw new Exec.Failed(result, "in " + batch.netns().map(n -> "namespace " + n).orElse("the host's namespace")
        + ", the commands " + batch.lines());
  }

  /** Runs every command of the batch even when some fail (teardown: things may vanish meanwhile). */
  public static Exec.Result runAll(IpBatch batch) {
    if (batch.lines().isEmpty()) return new Exec.Result(List.of("ip"), 0, "", "");
    return Exec.run(command(batch.netns(), true, List.of("-batch", "-")), String.join("\n", batch.lines()) + "\n");
  }

  /** {@code ip [-n NETNS] -j ARGS...}'s output. */
  public static String json(Optional<String> netns, String... args) {
    List<String> rest = new ArrayList<>(List.of("-j"));
    rest.addAll(List.of(args));
    return Exec.check(command(netns, false, rest), "");
  }

  static List<String> command(Optional<String> netns, boolean force, List<String> args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    netns.ifPresent(n -> command.addAll(List.of("-n", n)));
    if (force) command.add("-force");
    command.addAll(args);
    return command;
  }
}
