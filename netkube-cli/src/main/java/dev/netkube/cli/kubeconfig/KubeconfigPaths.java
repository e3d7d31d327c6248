package dev.netkube.cli.kubeconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which kubeconfig files kubectl reads and where it writes, following client-go's clientcmd
 * PathOptions: an explicit {@code --kubeconfig} file wins; else the files of {@code KUBECONFIG}
 * (colon-separated, empty items and duplicates dropped); else {@code ~/.kube/config}.
 *
 * @param explicitFile the {@code --kubeconfig} flag, when given
 * @param envFiles the files listed in {@code KUBECONFIG}, in order
 * @param globalFile {@code ~/.kube/config}
 */
public record KubeconfigPaths(Optional<Path> explicitFile, List<Path> envFiles, Path globalFile) {

  public KubeconfigPaths {
    envFiles = List.copyOf(envFiles);
  }

  public static KubeconfigPaths of(Optional<Path> explicitFile, String kubeconfigEnv, Path userHome) {
    LinkedHashSet<Path> files = new LinkedHashSet<>();
    if (kubeconfigEnv != null) {
      for (String item : kubeconfigEnv.split(":")) {
        if (!item.isBlank()) files.add(Path.of(item));
      }
    }
    return new KubeconfigPaths(explicitFile, new ArrayList<>(files), userHome.resolve(".kube").resolve("config"));
  }

  public static KubeconfigPaths fromEnvironment(Optional<Path> explicitFile) {
    return of(explicitFile, System.getenv("KUBECONFIG"), Path.of(System.getProperty("user.home")));
  }

  /** The files read, first wins on conflicts (clientcmd's loading precedence). */
  public List<Path> precedence() {
    if (explicitFile.isPresent()) return List.of(explicitFile.get());
    if (!envFiles.isEmpty()) return envFiles;
    return List.of(globalFile);
  }

  /**
   * Where kubectl writes what no file defines yet, and current-context: the explicit file; else
   * the only KUBECONFIG file, or the first of them that exists, or the last when none does; else
   * ~/.kube/config.
   */
  public Path defaultFile(Predicate<Path> exists) {
    if (explicitFile.isPresent()) return explicitFile.get();
    if (envFiles.isEmpty()) return globalFile;
    if (envFiles.size() == 1) return envFiles.get(0);
    for (Path file : envFiles) {
      if (exists.test(file)) return file;
    }
    return envFiles.get(envFiles.size() - 1);
  }
}
