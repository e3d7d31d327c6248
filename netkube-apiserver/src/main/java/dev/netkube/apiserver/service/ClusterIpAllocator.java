package dev.netkube.apiserver.service;

import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Cluster IPs out of the service CIDR, as upstream's bitmap ipallocator: the network and
 * broadcast addresses are never handed out; the first addresses (256 of a /12) form the static
 * band that dynamic allocation avoids while the rest of the range has room, so the well-known
 * {@code .1} (kubernetes) and {@code .10} (kube-dns) stay free for the services that ask for them.
 */
public final class ClusterIpAllocator implements RangeAllocator<String> {
  private final Ipv4Cidr cidr;
  private final RandomGenerator random;
  private final Bitmap bitmap;

  public ClusterIpAllocator(Ipv4Cidr cidr, RandomGenerator random) {
    this.cidr = cidr;
    this.random = random;
    int usable = (int) (cidr.size() - 2);
    this.bitmap = new Bitmap(usable, Bitmap.staticBand(cidr.size(), 16, 256, 16), random);
  }

  public Ipv4Cidr cidr() { return cidr; }

  /** The first usable address (upstream gives it to the kubernetes service). */
  public String first() { return Ipv4Cidr.format(cidr.network() + 1); }

  /** The value upstream's dry-run allocation answers without looking: the network address. */
  public String dryRunPlaceholder() { return Ipv4Cidr.format(cidr.network()); }

  private OptionalLong offsetOf(String ip) {
    OptionalLong parsed = Ipv4Cidr.parseAddress(ip);
    if (parsed.isEmpty() || !cidr.contains(parsed.getAsLong())) return OptionalLong.empty();
    long offset = parsed.getAsLong() - cidr.network() - 1;
    return offset < 0 || offset >= bitmap.size() ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  @Override
  public Grant<String> allocate(String ip) {
    Grant<String> check = check(ip);
    if (check instanceof Grant.Granted) bitmap.allocate((int) offsetOf(ip).getAsLong());
    return check;
  }

  @Override
  public Grant<String> check(String ip) {
    OptionalLong offset = offsetOf(ip);
    if (offset.isEmpty()) {
      return new Grant.Refused<>(Grant.Reason.NOT_IN_RANGE, "the provided IP (" + ip
          + ") is not in the valid range. The range of valid IPs is " + cidr);
    }
    if (bitmap.has((int) offset.getAsLong())) {
      return new Grant.Refused<>(Grant.Reason.ALREADY_ALLOCATED, "provided IP is already allocated");
    }
    return new Grant.Granted<>(ip);
  }

  @Override
  public Grant<String> allocateNext() {
    var next = bitmap.allocateNext();
    if (next.isEmpty()) return new Grant.Refused<>(Grant.Reason.FULL, "range is full");
    return new Grant.Granted<>(Ipv4Cidr.format(cidr.network() + 1 + next.getAsInt()));
  }

  @Override
  public void release(String ip) {
    offsetOf(ip).ifPresent(o -> bitmap.release((int) o));
  }

  @Override
  public boolean has(String ip) {
    OptionalLong offset = offsetOf(ip);
    return offset.isPresent() && bitmap.has((int) offset.getAsLong());
  }

  @Override
  public SortedSet<String> allocated() {
    SortedSet<String> out = new TreeSet<>(ClusterIpAllocator::compareAddresses);
    bitmap.taken().forEach(o -> out.add(Ipv4Cidr.format(cidr.network() + 1 + o)));
    return out;
  }

  static int compareAddresses(String a, String b) {
    return Long.compare(Ipv4Cidr.parseAddress(a).orElse(-1), Ipv4Cidr.parseAddress(b).orElse(-1));
  }

  @Override
  public ClusterIpAllocator emptyCopy() { return new ClusterIpAllocator(cidr, random); }

  @Override
  public String range() { return cidr.toString(); }
}
