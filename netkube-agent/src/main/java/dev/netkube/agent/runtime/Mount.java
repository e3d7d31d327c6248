package dev.netkube.agent.runtime;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A bind mount into a container: {@code source} (a file or directory of the node) appears at {@code target} (an
 * absolute path as the container sees it). Pod files (/etc/resolv.conf, /etc/hosts, /etc/hostname), volumes and an
 * image's own files are all mounts of this kind.
 */
public record Mount(Path source, String target, boolean readOnly) {
  public Mount {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (!target.startsWith("/")) throw new IllegalArgumentException("mount target must be absolute: " + target);
  }

  public static Mount readWrite(Path source, String target) { return new Mount(source, target, false); }

  public static Mount readOnly(Path source, String target) { return new Mount(source, target, true); }
}
