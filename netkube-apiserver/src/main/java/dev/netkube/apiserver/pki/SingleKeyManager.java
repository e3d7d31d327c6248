package dev.netkube.apiserver.pki;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One key and its certificate chain, offered in every handshake whose key type they fit, on the
 * server side or the client side. The JDK's own key managers read keys from a {@code KeyStore},
 * and a PKCS#12 one encrypts and decrypts each key with 10,000 rounds of PBKDF2: a noticeable
 * share of a short-lived JVM's start for a key that never leaves memory. The peer checks the chain
 * as always.
 */
public final class SingleKeyManager extends X509ExtendedKeyManager {
  static final String ALIAS = "netkube";
  private final PrivateKey key;
  private final X509Certificate[] chain;

  public SingleKeyManager(PrivateKey key, List<X509Certificate> chain) {
    if (chain.isEmpty()) throw new IllegalArgumentException("empty certificate chain");
    this.key = key;
    this.chain = chain.toArray(X509Certificate[]::new);
  }

  /**
   * Whether the key fits: the JDK asks with the key algorithm a signature scheme needs ("RSA",
   * "RSASSA-PSS", "EC", ...) and, when the peer named the issuers it accepts, the chain must hold
   * a certificate one of them issued (as the JDK's own key managers decide).
   */
  private boolean fits(String keyType, Principal[] issuers) {
    if (!key.getAlgorithm().equals(keyType)) return false;
    if (issuers == null || issuers.length == 0) return true;
    List<Principal> accepted = Arrays.asList(issuers);
    return Arrays.stream(chain).anyMatch(cert -> accepted.contains(cert.getIssuerX500Principal()));
  }

  private String alias(String[] keyTypes, Principal[] issuers) {
    return keyTypes != null && Arrays.stream(keyTypes).anyMatch(type -> fits(type, issuers)) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return fits(keyType, issuers) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return fits(keyType, issuers) ? ALIAS : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return fits(keyType, issuers) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return alias(keyTypes, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return alias(keyTypes, issuers);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return fits(keyType, issuers) ? new String[] {ALIAS} : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }
}
