package dev.netkube.agent.cni;

import dev.netkube.model.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** libcni's result cache on disk: {@code <cacheDir>/results/<network>-<containerId>-<ifName>}. */
final class ResultCache {
  private final Path results;

  ResultCache(Path cacheDir) {
    this.results = cacheDir.resolve("results");
  }

  Path dir() { return results; }

  /** Written to a temporary file and renamed, so that a crash never leaves half an entry. */
  void write(CachedAttachment a) throws IOException {
    Files.createDirectories(results);
    Path file = results.resolve(a.fileName());
    Path tmp = results.resolve("." + a.fileName() + ".tmp");
    Files.write(tmp, Json.bytes(a.toJson()));
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Empty when there is no entry or it cannot be read (libcni ignores those too). */
  Optional<CachedAttachment> read(String network, String containerId, String ifName) {
    return readFile(results.resolve(CachedAttachment.fileName(network, containerId, ifName)));
  }

  void remove(String network, String containerId, String ifName) throws IOException {
    Files.deleteIfExists(results.resolve(CachedAttachment.fileName(network, containerId, ifName)));
  }

  List<CachedAttachment> all() {
    if (!Files.isDirectory(results)) return List.of();
    List<CachedAttachment> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(results)) {
      files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().forEach(f -> readFile(f).ifPresent(out::add));
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private static Optional<CachedAttachment> readFile(Path f) {
    try {
      return CachedAttachment.fromJson(Json.parse(Files.readAllBytes(f)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
