package dev.netkube.proxy.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What happens to the packet. */
public sealed interface TraceOutcome {
    /** How one branch of a traced packet ended: its DNAT (if any), masquerade, and whether it was refused. */
    record Ending(Optional<String> dnat, boolean masquerade, boolean rejected, boolean dropped) {}

    /**
     * Every branch's ending as one outcome, as upstream's tracers report: the endpoints some branch DNATs to (a random
     * choice fans out), masqueraded if any branch is; else REJECT, DROP, or accepted untouched.
     */
    static TraceOutcome of(List<Ending> endings) {
        List<String> endpoints = new ArrayList<>();
        boolean masq = false;
        boolean reject = false;
        boolean drop = false;
        for (Ending e : endings) {
            if (e.rejected()) {
                reject = true;
            } else if (e.dropped()) {
                drop = true;
            } else if (e.dnat().isPresent()) {
                if (!endpoints.contains(e.dnat().get())) {
                    endpoints.add(e.dnat().get());
                }
                masq |= e.masquerade();
            }
        }
        if (!endpoints.isEmpty()) {
            return new Dnat(endpoints, masq);
        }
        if (reject) {
            return new Reject();
        }
        return drop ? new Drop() : new Accept();
    }

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
