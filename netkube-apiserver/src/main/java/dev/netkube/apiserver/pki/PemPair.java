package dev.netkube.apiserver.pki;

import java.util.Objects;

/**
 * A certificate and its private key, both PEM-encoded, as kubeconfig embeds them
 * ({@code client-certificate-data} / {@code client-key-data}, base64 of these strings).
 */
public record PemPair(String certificatePem, String keyPem) {
  public PemPair {
    Objects.requireNonNull(certificatePem, "certificatePem");
    Objects.requireNonNull(keyPem, "keyPem");
  }
}
