package dev.netkube.apiserver;

/**
 * The Kubernetes-compatible API server: HTTPS, authentication, discovery, OpenAPI and the REST
 * verbs over the store. {@link #start} returns once it serves requests.
 */
public final class ApiServer implements AutoCloseable {
  private final ApiServerConfig config;
  private final int port;

  private ApiServer(ApiServerConfig config, int port) {
    this.config = config;
    this.port = port;
  }

  /** Starts listening; returns when /readyz would answer ok. */
  public static ApiServer start(ApiServerConfig config) throws Exception {
    throw new UnsupportedOperationException("API server not wired yet");
  }

  /** The port actually bound (differs from config when config asked for 0). */
  public int port() { return port; }

  public ApiServerConfig config() { return config; }

  /** Blocks until the server is closed. */
  public void awaitTermination() throws InterruptedException {}

  @Override
  public void close() {}
}
