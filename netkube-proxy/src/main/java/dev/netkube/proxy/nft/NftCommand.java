package dev.netkube.proxy.nft;

import dev.netkube.proxy.exec.Program;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The adapter to the kernel: the real {@code nft} binary, in this process's network namespace (the node's; the
 * proxy runs with hostNetwork). One {@code nft -f -} is one atomic transaction: all of it applies or none.
 */
public final class NftCommand {
  // a full sync of tens of thousands of services is minutes of nft (kube-proxy's too); a hang is what this catches
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final String NFT = "/usr/sbin/nft";
  private final List<String> binary;

  private NftCommand(List<String> binary) { this.binary = List.copyOf(binary); }

  /** nft in this process's network namespace (the proxy's: the node's). */
  public static NftCommand system() { return new NftCommand(List.of(NFT)); }

  /** nft in the named network namespace (tests, and `netkube trace` reading a node's rules from the host). */
  public static NftCommand inNetns(String netns) { return new NftCommand(List.of("/usr/sbin/ip", "netns", "exec", netns, NFT)); }

  /** The outcome of one nft run. */
  public sealed interface Result {
    record Ok(String output) implements Result {}

    record Failed(int exitCode, String error) implements Result {}
  }

  /** Applies {@code script} as one transaction ({@code nft -f -}). */
  public Result apply(String script) { return run(List.of("-f", "-"), script); }

  /** {@code nft -j list table FAMILY NAME}: the live table as JSON (what the tracer reads). */
  public Result listTableJson(String family, String table) { return run(List.of("-j", "list", "table", family, table), ""); }

  /** {@code nft list table FAMILY NAME} in nft's own text. */
  public Result listTable(String family, String table) { return run(List.of("list", "table", family, table), ""); }

  private Result run(List<String> args, String stdin) {
    List<String> cmd = new ArrayList<>(binary);
    cmd.addAll(args);
    Program.Result r = Program.run(cmd, stdin, TIMEOUT);
    if (r instanceof Program.Result.Exited e) return e.code() == 0 ? new Result.Ok(e.out()) : new Result.Failed(e.code(), e.err().strip());
    if (r instanceof Program.Result.NotStarted n) {
      return new Result.Failed(-1, "cannot run " + String.join(" ", binary) + ": " + n.why()
          + " (install Debian's nftables package: apt-get install nftables)");
    }
    return new Result.Failed(-1, "nft " + ((Program.Result.Stopped) r).why());
  }
}
