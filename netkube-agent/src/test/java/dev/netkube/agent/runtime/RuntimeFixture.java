package dev.netkube.agent.runtime;

import dev.netkube.agent.images.AddonImages;
import dev.netkube.agent.images.BuiltinImages;
import dev.netkube.agent.images.ContainerLaunch;
import dev.netkube.agent.images.ImageFilesWriter;
import dev.netkube.agent.images.ImageRequest;
import dev.netkube.agent.images.ImageResolution;
import dev.netkube.agent.images.ImageResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A runtime and a root directory of the test's own, with helpers that go from an image to a running container. */
final class RuntimeFixture implements AutoCloseable {
  final String prefix = TestNetns.prefix();
  final Path root;
  final ContainerRuntime runtime = new ContainerRuntime();
  final ImageResolver images = new ImageResolver(
      BuiltinImages.catalog(new AddonImages.Launcher(List.of("/usr/local/bin/netkube")), BuiltinImages.NodeFacts.detect()));
  private int n;

  RuntimeFixture() throws Exception { root = Files.createTempDirectory(prefix + "-"); }

  Path stateDir(String id) { return root.resolve("state").resolve(id); }

  Path logFile(String id, int restart) { return root.resolve("logs").resolve(id).resolve(restart + ".log"); }

  /** A container of {@code image} (with command/args as a pod would give them) in {@code netns}. */
  ContainerSpec fromImage(String image, List<String> command, List<String> args, Optional<Path> netns, List<Mount> mounts)
      throws Exception {
    String id = prefix + "-" + (n++);
    ImageResolution r = images.resolve(new ImageRequest(id, image, command, args, List.of(), "", false, "pod-" + id));
    ContainerLaunch launch = ((ImageResolution.Resolved) r).launch();
    List<Mount> all = new ArrayList<>(ImageFilesWriter.write(stateDir(id).resolve("image"), launch.mounts()));
    all.addAll(mounts);
    return ContainerSpec.of(id, launch.argv(), launch.env(), launch.workingDir(), netns, Optional.of("pod-" + id), all,
        stateDir(id), logFile(id, 0));
  }

  /** A shell container: {@code sh -c script}. */
  ContainerSpec shell(String script, Optional<Path> netns) {
    String id = prefix + "-" + (n++);
    return ContainerSpec.of(id, List.of("/bin/sh", "-c", script),
        List.of(new EnvVar("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), new EnvVar("HOME", "/root")),
        "/", netns, Optional.of("pod-" + id), List.of(), stateDir(id), logFile(id, 0));
  }

  @Override
  public void close() throws Exception {
    runtime.close();
    RunningContainer.deleteTree(root);
  }
}
