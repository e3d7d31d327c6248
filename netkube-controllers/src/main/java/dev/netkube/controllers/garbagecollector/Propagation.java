package dev.netkube.controllers.garbagecollector;

/** metav1.DeletionPropagation: how a delete the collector sends treats the object's own dependents. */
public enum Propagation {
  BACKGROUND("Background"), FOREGROUND("Foreground"), ORPHAN("Orphan");

  private final String wire;

  Propagation(String wire) { this.wire = wire; }

  public String wire() { return wire; }
}
