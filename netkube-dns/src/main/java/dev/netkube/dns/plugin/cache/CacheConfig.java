package dev.netkube.dns.plugin.cache;

import java.time.Duration;
import java.util.List;

/** The cache plugin's block; CoreDNS's defaults: 9984 entries each, TTL caps 3600 s / 1800 s, minimum 5 s. */
public record CacheConfig(List<String> zones, int successCapacity, int successMaxTtl, int successMinTtl,
                          int denialCapacity, int denialMaxTtl, int denialMinTtl, Duration servfail,
                          boolean disableSuccess, boolean disableDenial, boolean keepTtl) {
  public static final int DEFAULT_CAPACITY = 9984;

  public CacheConfig {
    zones = List.copyOf(zones);
  }
}
