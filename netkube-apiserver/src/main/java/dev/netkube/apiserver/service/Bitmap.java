package dev.netkube.apiserver.service;

import java.util.BitSet;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Which offsets of a range are taken, and the choice of the next free one as upstream's
 * allocation bitmap with a static subrange (KEP-3070, KEP-3668): the first {@code offset}
 * values are kept for users who ask for a specific value, so dynamic picks start at a random
 * point of the upper part and fall back to the lower part only once the upper part is full.
 * Not thread-safe; its owner serializes access.
 */
final class Bitmap {
  private final int size;
  private final int offset;
  private final BitSet bits;
  private final RandomGenerator random;

  Bitmap(int size, int offset, RandomGenerator random) {
    if (offset < 0 || offset >= size) throw new IllegalArgumentException("offset " + offset + " outside 0.." + size);
    this.size = size;
    this.offset = offset;
    this.bits = new BitSet(size);
    this.random = random;
  }

  /**
   * Upstream's static band: {@code min(max(min, size/step), max)}, and none for tiny ranges.
   * Cluster IPs use (16, 256, 16), node ports (16, 128, 32).
   */
  static int staticBand(long rangeSize, int min, int max, int step) {
    if (rangeSize <= min) return 0;
    long band = rangeSize / step;
    return (int) Math.min(Math.max(band, min), max);
  }

  int size() { return size; }

  int offset() { return offset; }

  /** Marks {@code i} taken; false when it already was. */
  boolean allocate(int i) {
    if (bits.get(i)) return false;
    bits.set(i);
    return true;
  }

  /** A free offset, taken: random start in the upper part, then in the static part. */
  OptionalInt allocateNext() {
    int upper = size - offset;
    int found = scan(offset, upper);
    if (found < 0 && offset > 0) found = scan(0, offset);
    if (found < 0) return OptionalInt.empty();
    bits.set(found);
    return OptionalInt.of(found);
  }

  /** The first clear bit of [from, from+length) in circular order from a random start; -1 when none. */
  private int scan(int from, int length) {
    int end = from + length;
    int start = from + random.nextInt(length);
    int at = bits.nextClearBit(start);
    if (at < end) return at;
    at = bits.nextClearBit(from);
    return at < start ? at : -1;
  }

  void release(int i) { bits.clear(i); }

  boolean has(int i) { return bits.get(i); }

  int used() { return bits.cardinality(); }

  IntStream taken() { return bits.stream(); }
}
