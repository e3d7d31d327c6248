package dev.netkube.apiserver.service;

import java.util.SortedSet;

/**
 * Values handed out of one range, in memory: upstream's ipallocator / portallocator Interface.
 * Not thread-safe; {@link ServiceAllocator} serializes access.
 */
public interface RangeAllocator<K extends Comparable<K>> {
  /** Takes this value (a user's request). */
  Grant<K> allocate(K value);

  /** Takes any free value (upper band first). */
  Grant<K> allocateNext();

  /** What {@link #allocate} would answer, taking nothing (dry runs). */
  Grant<K> check(K value);

  /** Frees a value; freeing a free or out-of-range value does nothing. */
  void release(K value);

  boolean has(K value);

  SortedSet<K> allocated();

  /** The same range with nothing taken (the repair pass rebuilds into one). */
  RangeAllocator<K> emptyCopy();

  /** The range as upstream prints it: {@code 10.96.0.0/12}, {@code 30000-32767}. */
  String range();
}
