package dev.netkube.cli.kubeconfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One cluster, its admin user and the context joining them, all under one name (as kind writes
 * them). Certificates and key are PEM text; the kubeconfig embeds them base64-encoded.
 */
public record KubeconfigEntry(String name, String server, String caPem, String clientCertPem, String clientKeyPem) {

  public KubeconfigEntry {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("name is required");
    if (server == null || server.isBlank()) throw new IllegalArgumentException("server is required");
  }

  /** The body of the {@code clusters[].cluster} stanza. */
  public ObjectNode cluster() {
    ObjectNode cluster = Json.object();
    cluster.put("certificate-authority-data", base64(caPem));
    cluster.put("server", server);
    return cluster;
  }

  /** The body of the {@code users[].user} stanza. */
  public ObjectNode user() {
    ObjectNode user = Json.object();
    user.put("client-certificate-data", base64(clientCertPem));
    user.put("client-key-data", base64(clientKeyPem));
    return user;
  }

  /** The body of the {@code contexts[].context} stanza. */
  public ObjectNode context() {
    ObjectNode context = Json.object();
    context.put("cluster", name);
    context.put("user", name);
    return context;
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
