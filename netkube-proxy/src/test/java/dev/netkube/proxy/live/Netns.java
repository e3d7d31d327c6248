package dev.netkube.proxy.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway network namespace for loading rulesets into a real kernel. Its name carries a
 * per-run random prefix ({@code nkp<hex>-...}) so parallel runs and leftovers never collide, and
 * it has no links besides its own loopback: nothing it holds can route anywhere.
 */
final class Netns implements AutoCloseable {
    static final Path NFT = Path.of("/usr/sbin/nft");
    private static final String RUN = "nkp" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));

    final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Whether this machine can run the live tests: root, nft and ip present. */
    static boolean available() {
        return Files.isExecutable(NFT) && "root".equals(System.getProperty("user.name"))
                && (Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")));
    }

    static Netns create(String suffix) {
        Netns ns = new Netns(RUN + "-" + suffix);
        Result r = run(null, "ip", "netns", "add", ns.name);
        if (r.code != 0) {
            throw new IllegalStateException("ip netns add " + ns.name + " failed: " + r.err);
        }
        return ns;
    }

    record Result(int code, String out, String err) {
        Result orThrow(String what) {
            if (code != 0) {
                throw new AssertionError(what + " failed (exit " + code + "):\n" + err + out);
            }
            return this;
        }
    }

    /** Runs nft in the namespace, {@code stdin} fed to it when not null. */
    Result nft(String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, NFT.toString()));
        cmd.addAll(List.of(args));
        return run(stdin, cmd.toArray(String[]::new));
    }

    /** Loads {@code text} with {@code nft -c -f -} (check only), then {@code nft -f -}. */
    void load(String text, String what) {
        nft(text, "-c", "-f", "-").orThrow("nft -c -f (" + what + ")");
        nft(text, "-f", "-").orThrow("nft -f (" + what + ")");
    }

    String listJson() {
        return nft(null, "-j", "list", "table", "ip", "kube-proxy").orThrow("nft -j list table").out;
    }

    void dropTable() {
        nft(null, "delete", "table", "ip", "kube-proxy"); // absent is fine
    }

    @Override
    public void close() {
        run(null, "ip", "netns", "del", name);
    }

    static Result run(String stdin, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
