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
    Optional<String> text = readText(file);
    return text.isEmpty() ? Optional.empty() : Optional.of(parse(file, text.get()));
  }

  /** The file's text; empty when the file is absent. */
  public static Optional<String> readText(Path file) throws IOException {
    try {
      return Optional.of(Files.readString(file));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** A kubeconfig's tree from its text; an error names the file when it is not YAML. */
  public static ObjectNode parse(Path file, String text) throws IOException {
    if (text.isBlank()) return KubeconfigDocument.empty();
    JsonNode tree;
    try {
      tree = Json.YAML.readTree(text);
    } catch (IOException e) {
      throw new IOException("kubeconfig " + file + " is not valid YAML: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) return KubeconfigDocument.empty();
    if (!tree.isObject()) throw new IOException("kubeconfig " + file + " is not a YAML mapping");
    return (ObjectNode) tree;
  }

  /** The YAML text {@link #write} writes for this tree. */
  public static String text(JsonNode config) throws IOException {
    return Json.YAML.writeValueAsString(config);
  }

  /**
   * Replaces the file's content at once (a temporary file renamed over it, so a reader never
   * sees half a file); a symbolic link is followed, not replaced.
   */
  public static void write(Path file, JsonNode config) throws IOException {
    writeText(file, text(config));
  }

  /** Like {@link #write}, with the text made already. */
  public static void writeText(Path file, String text) throws IOException {
    Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, text);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
  }
}
