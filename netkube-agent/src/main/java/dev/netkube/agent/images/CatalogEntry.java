package dev.netkube.agent.images;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One image the node can run.
 *
 * @param repository the normalized name ({@code docker.io/library/nginx})
 * @param tag the one tag this entry is for, or empty for every tag and digest
 * @param config the image's process configuration
 * @param mounts the image's own files, in every container of it
 * @param programs the image's binaries that map to something else, by path (argv[0])
 * @param origin where the entry comes from ({@code built-in} or {@code configmap <ns>/<name> key <key>}), for messages
 */
public record CatalogEntry(String repository, Optional<String> tag, ImageConfig config, List<ImageMount> mounts,
                           Map<String, ImageProgram> programs, String origin) {
  public CatalogEntry {
    mounts = List.copyOf(mounts);
    programs = Map.copyOf(programs);
  }

  public static CatalogEntry builtIn(String image, ImageConfig config) {
    return new CatalogEntry(ImageReference.of(image).repository(), Optional.empty(), config, List.of(), Map.of(), "built-in");
  }

  public CatalogEntry withMounts(List<ImageMount> mounts) {
    return new CatalogEntry(repository, tag, config, mounts, programs, origin);
  }

  public CatalogEntry withPrograms(Map<String, ImageProgram> programs) {
    return new CatalogEntry(repository, tag, config, mounts, programs, origin);
  }

  /** The same image under another name (quay.io and docker.io copies, registry mirrors). */
  public CatalogEntry as(String image) {
    return new CatalogEntry(ImageReference.of(image).repository(), tag, config, mounts, programs, origin);
  }
}
