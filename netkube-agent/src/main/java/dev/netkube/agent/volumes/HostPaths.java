package dev.netkube.agent.volumes;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * hostPath's type check, as kubelet's checkType: DirectoryOrCreate and FileOrCreate make the path
 * when it is missing (0755 folder, empty 0644 file; nothing else), the other types only look. The
 * node's filesystem is the machine's, so nothing beyond what the type says is ever created.
 */
public final class HostPaths {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;

  private HostPaths() {}

  /** Empty when the path passes; otherwise the SetUp error in kubelet's words. */
  public static Optional<String> check(String path, String type) {
    Path p = Path.of(path);
    try {
      switch (type) {
        case "":
          return Optional.empty();
        case "DirectoryOrCreate":
          if (!Files.exists(p)) {
            Files.createDirectories(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            return Optional.empty();
          }
          return Files.isDirectory(p) ? Optional.empty() : failed(path, "is not a directory");
        case "Directory":
          return Files.isDirectory(p) ? Optional.empty() : failed(path, "is not a directory");
        case "FileOrCreate":
          if (!Files.exists(p)) {
            try {
              Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            } catch (FileAlreadyExistsException e) {
              // made meanwhile: checked below
            } catch (java.nio.file.NoSuchFileException e) {
              return Optional.of("open " + path + ": no such file or directory"); // Go's os.OpenFile error
            }
          }
          return isFile(p) ? Optional.empty() : failed(path, "is not a file");
        case "File":
          return isFile(p) ? Optional.empty() : failed(path, "is not a file");
        case "Socket":
          return kind(p) == S_IFSOCK ? Optional.empty() : failed(path, "is not a socket file");
        case "CharDevice":
          return kind(p) == S_IFCHR ? Optional.empty() : failed(path, "is not a character device");
        case "BlockDevice":
          return kind(p) == S_IFBLK ? Optional.empty() : failed(path, "is not a block device");
        default:
          return Optional.of(type + " is an invalid volume type");
      }
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** kubelet's IsFile: it exists and is not a folder (a socket or a device counts). */
  private static boolean isFile(Path p) { return Files.exists(p) && !Files.isDirectory(p); }

  private static int kind(Path p) {
    try {
      return ((Integer) Files.getAttribute(p, "unix:mode")) & S_IFMT;
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
  }

  private static Optional<String> failed(String path, String what) {
    return Optional.of("hostPath type check failed: " + path + " " + what);
  }
}
