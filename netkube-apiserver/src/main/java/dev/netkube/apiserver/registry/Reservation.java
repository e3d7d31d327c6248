package dev.netkube.apiserver.registry;

import java.util.List;

/**
 * What a write hook holds for one write until the store answers (allocated cluster IPs and node
 * ports): committed once the write is stored, reverted when it is not (the store refused it, it
 * was a dry run, or it changed nothing).
 */
public interface Reservation {
  Reservation NONE = of(() -> { }, () -> { });

  void commit();

  void revert();

  static Reservation of(Runnable commit, Runnable revert) {
    return new Reservation() {
      @Override
      public void commit() { commit.run(); }

      @Override
      public void revert() { revert.run(); }
    };
  }

  /** All of them, in order. */
  static Reservation all(List<Reservation> held) {
    if (held.isEmpty()) return NONE;
    List<Reservation> copy = List.copyOf(held);
    return of(() -> copy.forEach(Reservation::commit), () -> copy.forEach(Reservation::revert));
  }
}
