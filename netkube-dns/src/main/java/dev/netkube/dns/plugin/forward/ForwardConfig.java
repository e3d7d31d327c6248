package dev.netkube.dns.plugin.forward;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** The forward plugin's block, validated; defaults as CoreDNS (random, max_fails 2, health_check 0.5s, expire 10s). */
public record ForwardConfig(String from, List<InetSocketAddress> to, List<String> except, boolean forceTcp,
                            boolean preferUdp, Duration expire, int maxFails, Duration healthCheck, boolean healthCheckRecursion,
                            String healthCheckDomain, Policy policy, int maxConcurrent, boolean failfastAllUnhealthy) {
  public enum Policy { RANDOM, ROUND_ROBIN, SEQUENTIAL }

  public static final int MAX_UPSTREAMS = 15;

  public ForwardConfig {
    to = List.copyOf(to);
    except = List.copyOf(except);
  }
}
