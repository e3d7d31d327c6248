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
 * as always; choosing which of several identities to present is all this leaves out.
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

  /** The JDK asks with the key algorithm a signature scheme needs ("RSA", "RSASSA-PSS", "EC", ...). */
  private boolean fits(String keyType) {
    return key.getAlgorithm().equals(keyType);
  }

  private String alias(String[] keyTypes) {
    return keyTypes != null && Arrays.stream(keyTypes).anyMatch(this::fits) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return fits(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return fits(keyType) ? ALIAS : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return fits(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return alias(keyTypes);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return alias(keyTypes);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return fits(keyType) ? new String[] {ALIAS} : null;
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
