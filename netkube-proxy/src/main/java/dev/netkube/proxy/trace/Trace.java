package dev.netkube.proxy.trace;

import java.util.List;

/** The outcome and every rule met on the way (first visit order; fanned-out paths included). */
public record Trace(TraceOutcome outcome, List<TraceStep> steps) {
    public Trace {
        steps = List.copyOf(steps);
    }
}
