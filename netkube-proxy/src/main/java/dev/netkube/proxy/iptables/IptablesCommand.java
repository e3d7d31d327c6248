package dev.netkube.proxy.iptables;

import dev.netkube.proxy.exec.Program;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The adapter to iptables, as kube-proxy drives it: {@code iptables-restore --noflush} (one table's chains
 * declared in the input are flushed and rewritten, every other chain is left alone; each table commits
 * atomically) and {@code iptables-save} to read back. Debian's default backend (iptables-nft) writes through
 * nf_tables; the rules keep iptables' layout and linear evaluation, which is what the iptables mode is about.
 */
public final class IptablesCommand {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final String RESTORE = "/usr/sbin/iptables-restore";
  private static final String SAVE = "/usr/sbin/iptables-save";
  private static final String IPTABLES = "/usr/sbin/iptables";
  private final List<String> prefix;

  private IptablesCommand(List<String> prefix) { this.prefix = List.copyOf(prefix); }

  /** In this process's network namespace (the proxy's: the node's). */
  public static IptablesCommand system() { return new IptablesCommand(List.of()); }

  /** In the named network namespace (tests, `netkube trace` from the host). */
  public static IptablesCommand inNetns(String netns) { return new IptablesCommand(List.of("/usr/sbin/ip", "netns", "exec", netns)); }

  /** The outcome of one run. */
  public sealed interface Result {
    record Ok(String output) implements Result {}

    record Failed(int exitCode, String error) implements Result {}
  }

  /** {@code iptables-restore --noflush --counters}: {@code input} in iptables-save's format. */
  public Result restore(String input) { return run(RESTORE, List.of("--noflush", "--counters"), input); }

  /** {@code iptables-save -t TABLE}. */
  public Result save(String table) { return run(SAVE, List.of("-t", table), ""); }

  /**
   * Makes sure {@code chain} of {@code table} holds the rule {@code args}, inserting it first when missing (upstream's
   * EnsureRule with Prepend: the jumps to kube-proxy's chains come before other software's rules).
   */
  public Result ensureRuleFirst(String table, String chain, List<String> args) {
    List<String> check = new ArrayList<>(List.of("-w", "5", "-t", table, "-C", chain));
    check.addAll(args);
    if (run(IPTABLES, check, "") instanceof Result.Ok ok) return ok;
    List<String> insert = new ArrayList<>(List.of("-w", "5", "-t", table, "-I", chain));
    insert.addAll(args);
    return run(IPTABLES, insert, "");
  }

  private Result run(String program, List<String> args, String stdin) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(program);
    cmd.addAll(args);
    Program.Result r = Program.run(cmd, stdin, TIMEOUT);
    if (r instanceof Program.Result.Exited e) return e.code() == 0 ? new Result.Ok(e.out()) : new Result.Failed(e.code(), e.err().strip());
    if (r instanceof Program.Result.NotStarted n) {
      return new Result.Failed(-1, "cannot run " + program + ": " + n.why() + " (install Debian's iptables package: apt-get install iptables)");
    }
    return new Result.Failed(-1, program + " " + ((Program.Result.Stopped) r).why());
  }
}
