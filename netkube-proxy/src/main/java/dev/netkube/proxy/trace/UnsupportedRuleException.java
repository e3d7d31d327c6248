package dev.netkube.proxy.trace;

/** The ruleset holds an expression the tracer does not understand; it refuses rather than guesses. */
public final class UnsupportedRuleException extends RuntimeException {
    public UnsupportedRuleException(String message) {
        super(message);
    }
}
