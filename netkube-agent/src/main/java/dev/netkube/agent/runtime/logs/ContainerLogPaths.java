package dev.netkube.agent.runtime.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where container logs live, as kubelet lays them out under /var/log/pods:
 * {@code <root>/<namespace>_<pod>_<uid>/<container>/<restartCount>.log}, one file per start of the container, so
 * that {@code kubectl logs --previous} reads the file of the start before the current one.
 */
public record ContainerLogPaths(Path root) {
  public Path podDir(String namespace, String pod, String uid) { return root.resolve(namespace + "_" + pod + "_" + uid); }

  public Path containerDir(String namespace, String pod, String uid, String container) {
    return podDir(namespace, pod, uid).resolve(container);
  }

  public Path file(String namespace, String pod, String uid, String container, int restartCount) {
    return containerDir(namespace, pod, uid, container).resolve(restartCount + ".log");
  }

  /** The log of the start before the newest one, if there is one (the one --previous shows). */
  public static Optional<Path> previous(Path containerDir) throws IOException {
    List<Integer> starts = starts(containerDir);
    return starts.size() < 2 ? Optional.empty() : Optional.of(containerDir.resolve(starts.get(starts.size() - 2) + ".log"));
  }

  /** The log of the newest start. */
  public static Optional<Path> current(Path containerDir) throws IOException {
    List<Integer> starts = starts(containerDir);
    return starts.isEmpty() ? Optional.empty() : Optional.of(containerDir.resolve(starts.get(starts.size() - 1) + ".log"));
  }

  /** Deletes all but the newest two starts' logs (kubelet keeps the dead container's log for --previous). */
  public static void prune(Path containerDir) throws IOException {
    List<Integer> starts = starts(containerDir);
    for (int i = 0; i < starts.size() - 2; i++) Files.deleteIfExists(containerDir.resolve(starts.get(i) + ".log"));
  }

  static List<Integer> starts(Path containerDir) throws IOException {
    List<Integer> out = new ArrayList<>();
    if (!Files.isDirectory(containerDir)) return out;
    try (Stream<Path> files = Files.list(containerDir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+\\.log"))
          .forEach(n -> out.add(Integer.parseInt(n.substring(0, n.length() - 4))));
    }
    out.sort(null);
    return out;
  }
}
