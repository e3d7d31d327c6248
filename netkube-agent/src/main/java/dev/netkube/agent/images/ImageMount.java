package dev.netkube.agent.images;

import java.util.Objects;

/** One of an image's own files, and where the container sees it (an absolute path). */
public record ImageMount(String target, ImageFile file) {
  public ImageMount {
    Objects.requireNonNull(file, "file");
    if (!target.startsWith("/")) throw new IllegalArgumentException("image mount target must be absolute: " + target);
  }
}
