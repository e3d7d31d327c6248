package dev.netkube.cli.server;

import dev.netkube.cli.NetkubeHome;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The cluster CA and the admin client certificate and key, PEM text, as the server writes them
 * under $NETKUBE_HOME/pki on first start.
 */
public record ClusterCredentials(String caPem, String adminCertPem, String adminKeyPem) {

  /** The credentials once the server has written all three files; empty before. */
  public static Optional<ClusterCredentials> load(NetkubeHome home) throws IOException {
    if (!Files.isRegularFile(home.caCertificate()) || !Files.isRegularFile(home.adminCertificate())
        || !Files.isRegularFile(home.adminKey())) {
      return Optional.empty();
    }
    return Optional.of(new ClusterCredentials(Files.readString(home.caCertificate()),
        Files.readString(home.adminCertificate()), Files.readString(home.adminKey())));
  }
}
