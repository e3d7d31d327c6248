package dev.netkube.apiserver.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/** The pki folder on disk: owner-only folder, 0600 keys, 0644 certificates, atomic replacement. */
final class PkiFiles {
  static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r--r--");

  private final Path dir;

  PkiFiles(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, DIR_MODE);
  }

  Path path(String name) { return dir.resolve(name); }

  boolean exists(String name) { return Files.isRegularFile(path(name)); }

  Optional<String> read(String name) throws IOException {
    Path p = path(name);
    return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.US_ASCII)) : Optional.empty();
  }

  void writeKey(String name, String pem) throws IOException { write(name, pem, KEY_MODE); }

  void writePublic(String name, String pem) throws IOException { write(name, pem, PUBLIC_MODE); }

  /** Writes to a temporary file with the final mode first, so a key is never readable by others, not even briefly. */
  private void write(String name, String content, Set<PosixFilePermission> mode) throws IOException {
    Path tmp = Files.createTempFile(dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(KEY_MODE));
    try {
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(tmp, mode);
      try {
        Files.move(tmp, path(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path(name), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
