package dev.netkube.dns.corefile;

/** The Corefile kubeadm writes into the coredns ConfigMap, as the seed's {@code kubectl describe configmap coredns} shows it. */
public final class KubeadmCorefile {
  public static final String DEFAULT = """
      .:53 {
          errors
          health {
             lameduck 5s
          }
          ready
          kubernetes cluster.local in-addr.arpa ip6.arpa {
             pods insecure
             fallthrough in-addr.arpa ip6.arpa
             ttl 30
          }
          prometheus :9153
          forward . /etc/resolv.conf {
             max_concurrent 1000
          }
          cache 30
          loop
          reload
          loadbalance
      }
      """;

  private KubeadmCorefile() {}
}
