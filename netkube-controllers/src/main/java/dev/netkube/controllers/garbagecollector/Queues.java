package dev.netkube.controllers.garbagecollector;

/** Where the graph sends work: upstream's attemptToDelete and attemptToOrphan queues, keyed by uid. */
public interface Queues {
  void attemptToDelete(String uid);

  void attemptToOrphan(String uid);
}
