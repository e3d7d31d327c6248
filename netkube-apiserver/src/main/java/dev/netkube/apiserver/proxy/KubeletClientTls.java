package dev.netkube.apiserver.proxy;

import dev.netkube.apiserver.pki.ClusterPki;
import dev.netkube.apiserver.pki.Pem;
import dev.netkube.apiserver.pki.PemPair;
import dev.netkube.apiserver.pki.SingleKeyManager;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The API server's TLS toward kubelets, as kubeadm sets it up: the client certificate
 * apiserver-kubelet-client (CN kube-apiserver-kubelet-client, O system:masters) kept in the
 * PKI folder, and the cluster CA as the only trusted issuer of kubelet serving certificates
 * (kube-apiserver's --kubelet-certificate-authority), whose SANs must name the address dialled.
 */
public final class KubeletClientTls {
  public static final String STEM = "apiserver-kubelet-client";
  public static final String COMMON_NAME = "kube-apiserver-kubelet-client";

  private KubeletClientTls() {}

  public static SslContext create(ClusterPki pki) {
    PemPair client = pki.loadOrIssueClientCertificate(STEM, COMMON_NAME, List.of(ClusterPki.MASTERS_GROUP));
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("ca", pki.caCertificate());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new SingleKeyManager(Pem.parsePrivateKey(client.keyPem()),
          Pem.parseCertificates(client.certificatePem()))}, trust.getTrustManagers(), null);
      return new JdkSslContext(context, true, null, IdentityCipherSuiteFilter.INSTANCE,
          new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1),
          io.netty.handler.ssl.ClientAuth.NONE, new String[] {"TLSv1.3", "TLSv1.2"}, false);
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the kubelet client TLS context: " + e.getMessage(), e);
    }
  }
}
