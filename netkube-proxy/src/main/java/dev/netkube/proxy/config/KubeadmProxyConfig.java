package dev.netkube.proxy.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code config.conf} kubeadm 1.32 writes into ConfigMap {@code kube-system/kube-proxy}: every field of
 * v1alpha1, zero-valued except the kubeconfig path, the cluster CIDR and the mode. netkube writes nftables as the
 * mode (a kubeadm user sets it the same way); blank would mean iptables, as upstream.
 */
public final class KubeadmProxyConfig {
  private KubeadmProxyConfig() {}

  public static String text(String clusterCidr, ProxyMode mode) {
    try (InputStream in = KubeadmProxyConfig.class.getResourceAsStream("kubeadm-config.conf")) {
      if (in == null) throw new IllegalStateException("kubeadm-config.conf missing from the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${CLUSTER_CIDR}", clusterCidr)
          .replace("${MODE}", mode.word());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
