package dev.netkube.apiserver.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The client's certificate chain on a TLS channel (empty without one), for the authenticators. */
public final class PeerCertificates {
  private PeerCertificates() {}

  public static X509Certificate[] of(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) return new X509Certificate[0];
    try {
      Certificate[] certs = ssl.engine().getSession().getPeerCertificates();
      X509Certificate[] out = new X509Certificate[certs.length];
      for (int i = 0; i < certs.length; i++) out[i] = (X509Certificate) certs[i];
      return out;
    } catch (SSLPeerUnverifiedException e) {
      return new X509Certificate[0];
    }
  }
}
