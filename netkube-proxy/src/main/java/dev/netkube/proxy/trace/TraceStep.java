package dev.netkube.proxy.trace;

/** A rule the packet matched, in the chain it sits in, as nft would print it. */
public record TraceStep(String chain, String rule) {
    @Override
    public String toString() {
        return chain + ": " + rule;
    }
}
