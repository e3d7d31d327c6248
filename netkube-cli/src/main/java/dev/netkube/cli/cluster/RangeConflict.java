package dev.netkube.cli.cluster;

import java.util.Optional;

/**
 * One of the cluster's ranges overlaps something the host already has.
 *
 * @param what what overlaps it: {@code address 192.168.10.20/24 on wlan0}
 * @param otherNetkube the state folder of the netkube whose link that is, when it is one
 */
public record RangeConflict(Range range, Cidr cidr, String what, Optional<String> otherNetkube) {
  /** The cluster's ranges, in words. */
  public enum Range {
    LAN("the cluster LAN"), POD("the pod CIDR"), SERVICE("the service CIDR");

    final String words;

    Range(String words) { this.words = words; }
  }

  public String describe() {
    return range.words + " " + cidr + " overlaps " + what
        + otherNetkube.map(h -> " (the netkube of NETKUBE_HOME=" + h + ")").orElse("");
  }
}
