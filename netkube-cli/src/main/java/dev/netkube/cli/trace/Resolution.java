package dev.netkube.cli.trace;

/** What {@link Resolver} made of --from/--to: a packet to trace, or why there is none and what to type instead. */
public sealed interface Resolution {
  record Resolved(TracePlan plan) implements Resolution {}

  record Refused(String message, String hint) implements Resolution {}
}
