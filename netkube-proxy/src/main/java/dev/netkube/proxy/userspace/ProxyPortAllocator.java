package dev.netkube.proxy.userspace;

import dev.netkube.proxy.config.PortRange;
import java.util.BitSet;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * The ports the listeners take, as upstream's port allocator: with a blank {@code portRange} always 0 (the kernel
 * picks a free port at bind); with a range, a random free port of it, else the next free one after it, wrapping.
 */
final class ProxyPortAllocator {
  private final PortRange range;
  private final RandomGenerator random;
  private final BitSet used = new BitSet();

  ProxyPortAllocator(PortRange range, RandomGenerator random) {
    this.range = range;
    this.random = random;
  }

  /** A port to bind (0: any); empty when every port of the range is taken. */
  OptionalInt next() {
    if (range.isAny()) return OptionalInt.of(0);
    int start = random.nextInt(range.size());
    int free = used.nextClearBit(start);
    if (free >= range.size()) free = used.nextClearBit(0);
    if (free >= range.size()) return OptionalInt.empty();
    used.set(free);
    return OptionalInt.of(range.base() + free);
  }

  /** Gives a port back (a closed listener's); ports outside the range (kernel-picked ones) are ignored. */
  void release(int port) {
    if (!range.isAny() && port >= range.base() && port <= range.last()) used.clear(port - range.base());
  }
}
