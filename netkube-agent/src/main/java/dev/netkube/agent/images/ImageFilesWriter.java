package dev.netkube.agent.images;

import dev.netkube.agent.runtime.Mount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an image's own files under a container's state directory and gives the bind mounts that put them in
 * place ({@code dir/0}, {@code dir/1}, ... one per image mount). Files are world-readable: nginx's workers run as
 * www-data.
 */
public final class ImageFilesWriter {
  private ImageFilesWriter() {}

  public static List<Mount> write(Path dir, List<ImageMount> mounts) throws IOException {
    List<Mount> out = new ArrayList<>();
    Files.createDirectories(dir);
    for (int i = 0; i < mounts.size(); i++) {
      ImageMount m = mounts.get(i);
      Path at = dir.resolve(Integer.toString(i));
      write(at, m.file());
      out.add(Mount.readWrite(at, m.target()));
    }
    return out;
  }

  private static void write(Path at, ImageFile file) throws IOException {
    if (file instanceof ImageFile.Regular r) {
      Files.writeString(at, r.content(), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(at, PosixFilePermissions.fromString(r.executable() ? "rwxr-xr-x" : "rw-r--r--"));
    } else if (file instanceof ImageFile.Directory d) {
      Files.createDirectories(at);
      Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
      for (Map.Entry<String, ImageFile> e : d.entries().entrySet()) write(at.resolve(e.getKey()), e.getValue());
    } else if (file instanceof ImageFile.Symlink s) {
      Files.createSymbolicLink(at, Path.of(s.target()));
    }
  }
}
