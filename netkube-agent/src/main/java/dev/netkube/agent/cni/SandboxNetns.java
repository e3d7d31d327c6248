package dev.netkube.agent.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pods' network namespaces: named {@code <prefix><pod uid>}, made and removed with
 * {@code ip netns add/del} (a bind mount under /run/netns, which is the path CNI_NETNS gets), and
 * swept by prefix after an agent crash. The netns outlives the agent, as a pause container's
 * would: pods keep their network while the agent restarts.
 */
public final class SandboxNetns {
  public static final Path NETNS_DIR = Path.of("/run/netns");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
  private static final long TIMEOUT_SECONDS = 30;

  private final String prefix;
  private final Path dir;

  /** {@code prefix} keeps one agent's namespaces apart from another's, e.g. "nk-node-1-pod-". */
  public SandboxNetns(String prefix) {
    this(prefix, NETNS_DIR);
  }

  SandboxNetns(String prefix, Path dir) {
    if (prefix.isEmpty() || !NAME.matcher(prefix).matches()) throw new IllegalArgumentException("invalid netns prefix: " + prefix);
    this.prefix = prefix;
    this.dir = dir;
  }

  public String prefix() { return prefix; }

  /** The netns name of a pod: prefix + pod uid. */
  public String name(String podUid) {
    String name = prefix + podUid;
    if (!NAME.matcher(podUid).matches() || name.length() > 255) throw new IllegalArgumentException("invalid pod uid for a netns name: " + podUid);
    return name;
  }

  /** The path the plugins get as CNI_NETNS. */
  public Path path(String podUid) { return dir.resolve(name(podUid)); }

  /** Makes the pod's netns; fails (ip's message) when it exists. */
  public Path create(String podUid) throws IOException {
    ip("netns", "add", name(podUid));
    return path(podUid);
  }

  /** Removes the pod's netns; nothing to do when it is gone. */
  public void delete(String podUid) throws IOException {
    deleteByName(name(podUid));
  }

  public boolean exists(String podUid) { return Files.exists(path(podUid)); }

  /** The names of this prefix's namespaces, sorted. */
  public List<String> existing() throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
    }
  }

  /**
   * Removes this prefix's namespaces of pods not in {@code keepPodUids} (leftovers of a crash);
   * returns the names removed. Release their CNI attachments first ({@link CniRuntime#del(String)}),
   * or host-local keeps their IPs.
   */
  public List<String> sweep(Set<String> keepPodUids) throws IOException {
    List<String> removed = new ArrayList<>();
    for (String n : existing()) {
      if (keepPodUids.contains(n.substring(prefix.length()))) continue;
      deleteByName(n);
      removed.add(n);
    }
    return removed;
  }

  private void deleteByName(String name) throws IOException {
    if (!Files.exists(dir.resolve(name))) return;
    ip("netns", "delete", name);
  }

  private static void ip(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + "s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + ": " + out);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }
}
