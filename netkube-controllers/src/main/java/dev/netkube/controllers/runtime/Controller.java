package dev.netkube.controllers.runtime;

/**
 * One controller of kube-controller-manager (or the scheduler). The manager calls
 * {@link #register} on all of them, starts the shared informers, waits for their caches to
 * sync and then calls {@link #start}: a controller never acts on a partial view.
 */
public interface Controller extends AutoCloseable {
  /** As upstream names it, e.g. "endpointslice-controller". */
  String name();

  /** Asks for the informers and adds event handlers; does no work yet. */
  void register(ControllerContext context);

  /** Caches are synced: start the workers. */
  void start();

  @Override
  default void close() {}
}
