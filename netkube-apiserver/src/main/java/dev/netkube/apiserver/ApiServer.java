package dev.netkube.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.auth.BearerTokenAuthenticator;
import dev.netkube.apiserver.auth.ClientCertificateAuthenticator;
import dev.netkube.apiserver.auth.StoredServiceAccountLookup;
import dev.netkube.apiserver.auth.TokenRequests;
import dev.netkube.apiserver.auth.ServiceAccountTokens;
import dev.netkube.apiserver.crd.CustomResources;
import dev.netkube.apiserver.discovery.Discovery;
import dev.netkube.apiserver.http.ApiHandler;
import dev.netkube.apiserver.http.HttpServer;
import dev.netkube.apiserver.http.RequestAuthenticator;
import dev.netkube.apiserver.http.RestHandler;
import dev.netkube.apiserver.http.Router;
import dev.netkube.apiserver.lifecycle.EventTtl;
import dev.netkube.apiserver.lifecycle.NamespaceLifecycle;
import dev.netkube.apiserver.pki.ClusterPki;
import dev.netkube.apiserver.pki.TlsContexts;
import dev.netkube.apiserver.proxy.KubeletClientTls;
import dev.netkube.apiserver.proxy.PodStreamProxy;
import dev.netkube.apiserver.registry.ObjectStore;
import dev.netkube.apiserver.review.Reviews;
import dev.netkube.apiserver.registry.ResourceRegistry;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.service.ServiceRegistry;
import dev.netkube.model.Json;
import dev.netkube.model.openapi.OpenApiV3;
import dev.netkube.store.Store;
import dev.netkube.store.etcd.EtcdStore;
import dev.netkube.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes-compatible API server: HTTPS, authentication, discovery, OpenAPI and the REST
 * verbs over the store. {@link #start} returns once it serves requests.
 */
public final class ApiServer implements AutoCloseable {
  /** The Kubernetes version netkube's API speaks; kubectl's dispatcher picks its client by it. */
  public static final String KUBERNETES_VERSION = "v1.32.9";
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  /** How long after start the background warm-up of the OpenAPI documents waits. */
  static final java.time.Duration WARM_UP_DELAY = java.time.Duration.ofSeconds(2);

  private final ApiServerConfig config;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private int port;
  private ClusterPki pki;
  private Store store;
  private volatile boolean ready;
  private final CompletableFuture<Void> firstRequestServed = new CompletableFuture<>();
  private ServiceRegistry serviceRegistry;

  private ApiServer(ApiServerConfig config) { this.config = config; }

  /** Starts listening; returns when /readyz answers ok. */
  public static ApiServer start(ApiServerConfig config) throws Exception {
    ApiServer server = new ApiServer(config);
    try {
      server.boot();
      return server;
    } catch (Exception | Error e) {
      server.close(); // event loops and pools must not keep a failed JVM alive
      throw e;
    }
  }

  private void boot() throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(config.home());
    List<String> ipSans = new ArrayList<>(List.of("127.0.0.1", "10.96.0.1"));
    for (String a : config.bindAddresses()) if (!ipSans.contains(a) && !a.equals("0.0.0.0")) ipSans.add(a);
    // Start-up steps that do not depend on each other run side by side: class loading dominates
    // them, and the PKI (RSA, X.509) and the store (SQLite's native library) load different classes.
    CompletableFuture<SslContext> tlsLoading = CompletableFuture.supplyAsync(() -> {
      try {
        pki = ClusterPki.loadOrCreate(config.home().resolve("pki"), List.of(), ipSans);
        return TlsContexts.server(pki);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    CompletableFuture<Store> storeOpening = CompletableFuture.supplyAsync(this::openStoreUnchecked);
    OpenApiV3 openApi = OpenApiV3.loadBuiltins();
    ResourceRegistry registry = new ResourceRegistry();
    Clock clock = Clock.systemUTC();
    ExecutorService workers = Executors.newFixedThreadPool(32, daemon("api-worker"));
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("api-timer"));
    resources.add(workers::shutdownNow);
    resources.add(timers::shutdownNow);

    store = join(storeOpening);
    resources.add(store);
    ResourceService service = new ResourceService(new ObjectStore(store), registry, openApi, clock);
    CustomResources crds = new CustomResources(service, openApi, clock, timers);
    NamespaceLifecycle namespaces = new NamespaceLifecycle(service, timers);
    service.addHook(namespaces);
    service.addHook(crds);
    service.addHook(new dev.netkube.apiserver.admission.ServiceAccountAdmissionHook(service));
    ServiceRegistry services = ServiceRegistry.install(service, config.serviceClusterIpRange(),
        config.serviceNodePortRange(), clock);
    crds.loadAll();
    namespaces.bootstrap();
    services.rebuild();
    new EventTtl(service, clock, EventTtl.DEFAULT_TTL).start(timers, java.time.Duration.ofMinutes(1));

    SslContext tls = join(tlsLoading);
    Discovery discovery = new Discovery(registry, config.bindAddresses().get(0) + ":" + config.port());
    ServiceAccountTokens saTokens = ServiceAccountTokens.forCluster(pki.serviceAccountKeyPair());
    BearerTokenAuthenticator tokens = BearerTokenAuthenticator.of(saTokens,
        new StoredServiceAccountLookup((ns, kind, name) -> RestHandler.coreObject(service, ns, kind, name)));
    RestHandler rest = new RestHandler(service, new Reviews(tokens), new TokenRequests(saTokens, clock), timers, clock);
    Router router = new Router(registry, discovery, openApi, rest, () -> ready, versionInfo());
    RequestAuthenticator authn = new RequestAuthenticator(new ClientCertificateAuthenticator(pki.caCertificate()), tokens);
    // The kubelet client certificate is made on first use: an RSA key generation the start need not wait for.
    java.util.function.Supplier<SslContext> kubeletTls = memoize(() -> KubeletClientTls.create(pki));
    PodStreamProxy.Backend streams = new PodStreamProxy.Backend(service, authn, workers, kubeletTls);
    HttpServer http = HttpServer.start(config.bindAddresses(), config.port(), tls,
        () -> new ApiHandler(router, authn, workers, this::served), () -> new PodStreamProxy(streams));
    resources.add(0, http);
    port = http.port();
    // As upstream's bootstrap controller (a post-start hook): ready once the kubernetes service exists.
    services.start(config.advertiseAddress(), port, timers);
    serviceRegistry = services;
    ready = true;
    // Parsing every OpenAPI document is a second or more of CPU: not in the first moments, when it
    // would slow down the first handshakes and requests (`up` waits for one); a request that needs
    // a document before then parses it itself.
    timers.schedule(openApi::warmUp, WARM_UP_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("netkube API server ready on https://{}:{} ({} store) in {} ms", config.bindAddresses().get(0), port,
        config.store() instanceof ApiServerConfig.StoreConfig.Etcd ? "etcd" : "sqlite",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  private void served() {
    if (ready && !firstRequestServed.isDone()) firstRequestServed.complete(null);
  }

  /** Completes once a request has been answered after the server became ready (e.g. `up`'s readiness check). */
  public CompletableFuture<Void> firstRequestServed() { return firstRequestServed; }

  private Store openStoreUnchecked() {
    try {
      return openStore();
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  /** The value of a start-up step, or the exception it failed with. */
  private static <T> T join(CompletableFuture<T> step) throws Exception {
    try {
      return step.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    }
  }

  private Store openStore() throws Exception {
    if (config.store() instanceof ApiServerConfig.StoreConfig.Etcd etcd) {
      return EtcdStore.open(etcd.endpoints(), etcd.prefix());
    }
    ApiServerConfig.StoreConfig.Sqlite sqlite = (ApiServerConfig.StoreConfig.Sqlite) config.store();
    Files.createDirectories(sqlite.file().toAbsolutePath().getParent());
    return SqliteStore.open(sqlite.file());
  }

  private static ObjectNode versionInfo() {
    ObjectNode v = Json.object();
    String[] parts = KUBERNETES_VERSION.substring(1).split("\\.");
    v.put("major", parts[0]);
    v.put("minor", parts[1]);
    v.put("gitVersion", KUBERNETES_VERSION + "+netkube");
    v.put("gitCommit", "netkube");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-11-25T00:00:00Z");
    v.put("goVersion", "java" + Runtime.version().feature());
    v.put("compiler", "netkube");
    v.put("platform", "linux/amd64");
    return v;
  }

  private static <T> java.util.function.Supplier<T> memoize(java.util.function.Supplier<T> make) {
    return new java.util.function.Supplier<>() {
      private volatile T value;

      @Override
      public synchronized T get() {
        if (value == null) value = make.get();
        return value;
      }
    };
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The port actually bound (differs from config when config asked for 0). */
  public int port() { return port; }

  public ApiServerConfig config() { return config; }

  public ClusterPki pki() { return pki; }

  /** The store under the API (in-process components and tests; everything else goes through HTTPS). */
  public Store store() { return store; }

  /** Cluster IP and node port allocation (in-process components and tests). */
  public ServiceRegistry serviceRegistry() { return serviceRegistry; }

  /** Blocks until the server is closed. */
  public void awaitTermination() throws InterruptedException { terminated.await(); }

  @Override
  public void close() {
    ready = false;
    for (AutoCloseable c : resources) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", c, e);
      }
    }
    resources.clear();
    terminated.countDown();
  }
}
