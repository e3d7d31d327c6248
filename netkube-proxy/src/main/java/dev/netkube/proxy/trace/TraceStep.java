package dev.netkube.proxy.trace;

import java.util.Optional;

/**
 * A rule the packet matched, in the chain it sits in, as nft would print it; for a verdict-map lookup, {@code via}
 * is the map element it hit ({@code 10.96.0.10 . tcp . 80 : goto service-... comment "default/web:http"}), which
 * says which service the rule stood for.
 */
public record TraceStep(String chain, String rule, Optional<String> via) {
    public TraceStep(String chain, String rule) {
        this(chain, rule, Optional.empty());
    }

    @Override
    public String toString() {
        return chain + ": " + rule + via.map(v -> " [" + v + "]").orElse("");
    }
}
