package dev.netkube.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What a running server serves, kept in $NETKUBE_HOME/server.json for {@code status} and {@code up}.
 *
 * @param endpoint the URL clients use, e.g. https://127.0.0.1:6443
 * @param store the store in words, e.g. "sqlite (/root/.netkube/data/state.db)"
 * @param storeKind "sqlite" or "etcd"
 */
public record ServerInfo(long pid, String endpoint, String store, String storeKind, Instant startedAt) {

  public void write(Path file) throws IOException {
    ObjectNode json = Json.object();
    json.put("pid", pid);
    json.put("endpoint", endpoint);
    json.put("store", store);
    json.put("storeKind", storeKind);
    json.put("startedAt", startedAt.toString());
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, Json.bytes(json));
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The file's content; empty when absent or unreadable (status then says less, not fails). */
  public static Optional<ServerInfo> read(Path file) {
    try {
      if (!Files.exists(file)) return Optional.empty();
      JsonNode json = Json.parse(Files.readAllBytes(file));
      return Optional.of(new ServerInfo(json.path("pid").asLong(), json.path("endpoint").asText(),
          json.path("store").asText(), json.path("storeKind").asText(), Instant.parse(json.path("startedAt").asText())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
