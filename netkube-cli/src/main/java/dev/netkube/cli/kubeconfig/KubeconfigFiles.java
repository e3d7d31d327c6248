package dev.netkube.cli.kubeconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Reads and writes kubeconfig files; written files are mode 0600 (they hold a private key). */
public final class KubeconfigFiles {
  private KubeconfigFiles() {}

  /** The file's tree; empty when the file is absent; an error names the file when it is not YAML. */
  public static Optional<ObjectNode> read(Path file) throws IOException {
    if (!Files.exists(file)) return Optional.empty();
    String text = Files.readString(file);
    if (text.isBlank()) return Optional.of(KubeconfigDocument.empty());
    JsonNode tree;
    try {
      tree = Json.YAML.readTree(text);
    } catch (IOException e) {
      throw new IOException("kubeconfig " + file + " is not valid YAML: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) return Optional.of(KubeconfigDocument.empty());
    if (!tree.isObject()) throw new IOException("kubeconfig " + file + " is not a YAML mapping");
    return Optional.of((ObjectNode) tree);
  }

  /**
   * Replaces the file's content at once (a temporary file renamed over it, so a reader never
   * sees half a file); a symbolic link is followed, not replaced.
   */
  public static void write(Path file, JsonNode config) throws IOException {
    Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, Json.YAML.writeValueAsString(config));
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
  }
}
