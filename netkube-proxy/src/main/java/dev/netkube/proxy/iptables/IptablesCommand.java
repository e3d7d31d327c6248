package dev.netkube.proxy.iptables;

import dev.netkube.proxy.exec.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The adapter to iptables, as kube-proxy drives it: {@code iptables-restore --noflush} (one table's chains
 * declared in the input are flushed and rewritten, every other chain is left alone; each table commits
 * atomically) and {@code iptables-save} to read back.
 *
 * <p>The backend is the legacy one (x_tables) when the kernel has it, else Debian's default, iptables-nft. Both keep
 * iptables' layout and linear evaluation; the legacy one restores 30,000 services in seconds where iptables-nft 1.8.9
 * takes minutes (its cost grows with the square of the rules: 5,000 services 2.7 s, 10,000 37 s, on this machine).
 */
public final class IptablesCommand {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private final List<String> prefix;
  private final Backend backend;

  /** Which iptables: the programs of one backend. */
  public enum Backend {
    LEGACY("/usr/sbin/iptables-legacy", "/usr/sbin/iptables-legacy-restore", "/usr/sbin/iptables-legacy-save"),
    NFT("/usr/sbin/iptables", "/usr/sbin/iptables-restore", "/usr/sbin/iptables-save");

    final String iptables;
    final String restore;
    final String save;

    Backend(String iptables, String restore, String save) {
      this.iptables = iptables;
      this.restore = restore;
      this.save = save;
    }

    /** Legacy when its programs are installed and the kernel has x_tables (ip_tables); else the nft backend. */
    public static Backend best() {
      return Files.isExecutable(Path.of(LEGACY.restore)) && Files.exists(Path.of("/proc/net/ip_tables_names")) ? LEGACY : NFT;
    }

    public String word() { return this == LEGACY ? "legacy" : "nf_tables"; }
  }

  private IptablesCommand(List<String> prefix, Backend backend) {
    this.prefix = List.copyOf(prefix);
    this.backend = backend;
  }

  /** In this process's network namespace (the proxy's: the node's). */
  public static IptablesCommand system() { return new IptablesCommand(List.of(), Backend.best()); }

  /** In the named network namespace (tests, `netkube trace` from the host). */
  public static IptablesCommand inNetns(String netns) { return inNetns(netns, Backend.best()); }

  public static IptablesCommand inNetns(String netns, Backend backend) {
    return new IptablesCommand(List.of("/usr/sbin/ip", "netns", "exec", netns), backend);
  }

  public Backend backend() { return backend; }

  /** The outcome of one run. */
  public sealed interface Result {
    record Ok(String output) implements Result {}

    record Failed(int exitCode, String error) implements Result {}
  }

  /** {@code iptables-restore --noflush --counters}: {@code input} in iptables-save's format. */
  public Result restore(String input) { return run(backend.restore, List.of("--noflush", "--counters"), input); }

  /** {@code iptables-save -t TABLE}. */
  public Result save(String table) { return run(backend.save, List.of("-t", table), ""); }

  /**
   * Makes sure {@code chain} of {@code table} holds the rule {@code args}, inserting it first when missing (upstream's
   * EnsureRule with Prepend: the jumps to kube-proxy's chains come before other software's rules).
   */
  public Result ensureRuleFirst(String table, String chain, List<String> args) {
    List<String> check = new ArrayList<>(List.of("-w", "5", "-t", table, "-C", chain));
    check.addAll(args);
    if (run(backend.iptables, check, "") instanceof Result.Ok ok) return ok;
    List<String> insert = new ArrayList<>(List.of("-w", "5", "-t", table, "-I", chain));
    insert.addAll(args);
    return run(backend.iptables, insert, "");
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
