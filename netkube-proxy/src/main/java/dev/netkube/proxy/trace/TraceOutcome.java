package dev.netkube.proxy.trace;

import java.util.List;

/** What happens to the packet. */
public sealed interface TraceOutcome {
    /** DNATed to one of {@code endpoints} ("ip:port", each a possible random choice); masqueraded or not. */
    record Dnat(List<String> endpoints, boolean masquerade) implements TraceOutcome {
        public Dnat {
            endpoints = List.copyOf(endpoints);
        }
    }

    /** Rejected (ICMP port unreachable / TCP reset): a client fails at once. */
    record Reject() implements TraceOutcome {}

    /** Dropped silently: a client times out. */
    record Drop() implements TraceOutcome {}

    /** Accepted untouched: kube-proxy's rules did not take it. */
    record Accept() implements TraceOutcome {}
}
