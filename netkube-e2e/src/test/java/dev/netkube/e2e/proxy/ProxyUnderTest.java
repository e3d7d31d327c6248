package dev.netkube.e2e.proxy;

import java.util.Map;
import java.util.Optional;

/**
 * The proxy an e2e test drives, wherever it runs (this JVM, or its own process in the node's namespace): its
 * health and metrics ports and an HTTP GET to loopback where it listens (health check node ports included).
 */
interface ProxyUnderTest extends AutoCloseable {
  int healthPort();

  int metricsPort();

  /** GET http://127.0.0.1:PORT/PATH in the proxy's network namespace; empty when nothing answers. */
  Optional<HttpAnswer> get(int port, String path) throws Exception;

  /** Whether something accepts connections on 127.0.0.1:PORT in the proxy's network namespace. */
  default boolean portOpen(int port) throws Exception { return get(port, "/").isPresent(); }

  /** An HTTP answer: status, headers (lower-case names), body. */
  record HttpAnswer(int status, Map<String, String> headers, String body) {}
}
