package dev.netkube.proxy.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.trace.Packet;
import dev.netkube.proxy.trace.Tracer;
import dev.netkube.proxy.trace.Trace;
import dev.netkube.proxy.trace.TraceOutcome;
import java.util.List;

/** Checks tracer cases the way upstream's runPacketFlowTests does. */
public final class TraceAssert {
    private TraceAssert() {}

    public static void assertCases(Tracer tracer, List<TraceCase> cases) {
        for (TraceCase c : cases) {
            Trace t = tracer.trace(new Packet(c.sourceIp(), c.protocol(), c.destIp(), c.destPort()));
            String desc = c.name() + " " + t.steps();
            assertThat(render(t.outcome())).as("output of %s", desc).isEqualTo(c.output());
            boolean masq = t.outcome() instanceof TraceOutcome.Dnat d && d.masquerade();
            assertThat(masq).as("masquerade of %s", desc).isEqualTo(c.masq());
        }
    }

    /** Upstream's notation: sorted "ip:port" list, REJECT, DROP, or "" when untouched. */
    public static String render(TraceOutcome o) {
        if (o instanceof TraceOutcome.Dnat d) {
            return String.join(", ", d.endpoints().stream().sorted().toList());
        }
        if (o instanceof TraceOutcome.Reject) {
            return "REJECT";
        }
        return o instanceof TraceOutcome.Drop ? "DROP" : "";
    }
}
