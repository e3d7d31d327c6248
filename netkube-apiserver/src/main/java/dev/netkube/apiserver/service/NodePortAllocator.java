package dev.netkube.apiserver.service;

import java.util.SortedSet;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Node ports out of the node port range, as upstream's portallocator: one number serves every
 * protocol (a node port is taken for TCP and UDP alike); the lowest ports (86 of 30000-32767)
 * form the static band that dynamic allocation avoids while the rest has room.
 */
public final class NodePortAllocator implements RangeAllocator<Integer> {
  /** First value of upstream's dry-run dummy ports (they are never checked against the range). */
  public static final int DRY_RUN_FIRST = 32769;

  private final PortRange ports;
  private final RandomGenerator random;
  private final Bitmap bitmap;

  public NodePortAllocator(PortRange ports, RandomGenerator random) {
    this.ports = ports;
    this.random = random;
    this.bitmap = new Bitmap(ports.size(), Bitmap.staticBand(ports.size(), 16, 128, 32), random);
  }

  public PortRange ports() { return ports; }

  @Override
  public Grant<Integer> allocate(Integer port) {
    Grant<Integer> check = check(port);
    if (check instanceof Grant.Granted) bitmap.allocate(port - ports.base());
    return check;
  }

  @Override
  public Grant<Integer> check(Integer port) {
    if (!ports.contains(port)) {
      return new Grant.Refused<>(Grant.Reason.NOT_IN_RANGE,
          "provided port is not in the valid range. The range of valid ports is " + ports);
    }
    if (bitmap.has(port - ports.base())) {
      return new Grant.Refused<>(Grant.Reason.ALREADY_ALLOCATED, "provided port is already allocated");
    }
    return new Grant.Granted<>(port);
  }

  @Override
  public Grant<Integer> allocateNext() {
    var next = bitmap.allocateNext();
    if (next.isEmpty()) return new Grant.Refused<>(Grant.Reason.FULL, "range is full");
    return new Grant.Granted<>(ports.base() + next.getAsInt());
  }

  @Override
  public void release(Integer port) {
    if (ports.contains(port)) bitmap.release(port - ports.base());
  }

  @Override
  public boolean has(Integer port) { return ports.contains(port) && bitmap.has(port - ports.base()); }

  @Override
  public SortedSet<Integer> allocated() {
    SortedSet<Integer> out = new TreeSet<>();
    bitmap.taken().forEach(o -> out.add(ports.base() + o));
    return out;
  }

  @Override
  public NodePortAllocator emptyCopy() { return new NodePortAllocator(ports, random); }

  @Override
  public String range() { return ports.toString(); }
}
