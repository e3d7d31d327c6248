package dev.netkube.agent.images;

import java.util.Map;
import java.util.TreeMap;

/**
 * A file or directory an image brings that the node does not have (nginx's configuration, a log directory whose
 * files are links to the container's stdout and stderr, a helper script). The runtime writes it into the container's
 * state directory and bind-mounts it at its place, so that the node's own files stay as they are.
 */
public sealed interface ImageFile permits ImageFile.Regular, ImageFile.Directory, ImageFile.Symlink {
  record Regular(String content, boolean executable) implements ImageFile {}

  record Directory(Map<String, ImageFile> entries) implements ImageFile {
    public Directory { entries = new TreeMap<>(entries); }
  }

  record Symlink(String target) implements ImageFile {}

  static ImageFile text(String content) { return new Regular(content, false); }

  static ImageFile script(String content) { return new Regular(content, true); }

  static ImageFile dir(Map<String, ImageFile> entries) { return new Directory(entries); }

  static ImageFile emptyDir() { return new Directory(Map.of()); }

  static ImageFile link(String target) { return new Symlink(target); }
}
