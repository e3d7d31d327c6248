package dev.netkube.agent.images;

import dev.netkube.agent.images.ImageProgram.ProgramLaunch;
import dev.netkube.agent.runtime.EnvVar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's image and spec to the process it runs (pure). The environment is composed in containerd's order:
 * PATH, TERM=xterm for a tty, HOSTNAME, the image's ENV, the container's variables (each replacing an earlier one of
 * the same name in place), and HOME=/root last when nothing set it (runc).
 */
public final class ImageResolver {
  private static final int PROGRAM_HOPS = 4;
  private final ImageCatalog catalog;

  public ImageResolver(ImageCatalog catalog) { this.catalog = catalog; }

  public ImageResolution resolve(ImageRequest request) {
    ImageReference.Parsed parsed = ImageReference.parse(request.image());
    if (parsed instanceof ImageReference.Invalid invalid) return new ImageResolution.InvalidName(invalid.reason(), invalid.message());
    ImageReference ref = ((ImageReference.Valid) parsed).reference();
    Optional<CatalogEntry> found = catalog.lookup(ref);
    if (found.isEmpty()) {
      String error = PullMessages.notFound(ref);
      return new ImageResolution.NotFound(ref, PullMessages.ERR_IMAGE_PULL, error, PullMessages.failedEvent(request.image(), error),
          PullMessages.IMAGE_PULL_BACK_OFF, PullMessages.backOffMessage(request.image(), error), PullMessages.backOffEvent(request.image()));
    }
    CatalogEntry entry = found.get();
    ImageConfig config = entry.config();
    Map<String, String> declared = EnvVar.asMap(request.declaredEnv());
    Optional<List<String>> argv = ContainerCommand.compose(config.entrypoint(), config.cmd(), request.command(), request.args(), declared);
    if (argv.isEmpty()) {
      return new ImageResolution.NoCommand("CreateContainerError", "failed to generate container \"" + request.containerId()
          + "\" spec: failed to generate spec: " + ContainerCommand.NO_COMMAND);
    }
    List<EnvVar> env = processEnv(config, request);
    ProgramLaunch launch = applyPrograms(entry, argv.get(), EnvVar.asMap(env));
    List<ImageMount> mounts = new ArrayList<>(entry.mounts());
    mounts.addAll(launch.mounts());
    String workingDir = !request.workingDir().isEmpty() ? request.workingDir() : config.workingDir().isEmpty() ? "/" : config.workingDir();
    return new ImageResolution.Resolved(ref, ref.canonical(), ref.repository() + "@" + imageDigest(entry, ref),
        new ContainerLaunch(launch.argv(), env, workingDir, mounts, config.stopSignal()), entry);
  }

  static List<EnvVar> processEnv(ImageConfig config, ImageRequest request) {
    List<EnvVar> first = new ArrayList<>();
    first.add(new EnvVar("PATH", ImageConfig.DEFAULT_PATH));
    if (request.tty()) first.add(new EnvVar("TERM", "xterm"));
    first.add(new EnvVar("HOSTNAME", request.hostname()));
    List<EnvVar> env = EnvVar.merge(EnvVar.merge(first, config.env()), request.declaredEnv());
    if (env.stream().noneMatch(v -> v.name().equals("HOME"))) env = EnvVar.merge(env, List.of(new EnvVar("HOME", "/root")));
    return env;
  }

  static ProgramLaunch applyPrograms(CatalogEntry entry, List<String> argv, Map<String, String> env) {
    ProgramLaunch launch = ProgramLaunch.of(argv);
    List<ImageMount> mounts = new ArrayList<>();
    for (int hop = 0; hop < PROGRAM_HOPS && !launch.argv().isEmpty(); hop++) {
      ImageProgram program = entry.programs().get(launch.argv().get(0));
      if (program == null) break;
      launch = program.launch(launch.argv(), env);
      mounts.addAll(launch.mounts());
    }
    return new ProgramLaunch(launch.argv(), mounts);
  }

  /** A stable content-address-looking digest per entry and tag: netkube has no image content to hash. */
  private static String imageDigest(CatalogEntry entry, ImageReference ref) {
    if (ref.digest().isPresent()) return ref.digest().get();
    try {
      byte[] sum = MessageDigest.getInstance("SHA-256").digest(
          ("netkube-image\0" + entry.origin() + "\0" + ref.repository() + ":" + ref.tagOrLatest()).getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(sum);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
