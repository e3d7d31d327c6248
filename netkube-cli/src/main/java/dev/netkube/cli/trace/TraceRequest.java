package dev.netkube.cli.trace;

import dev.netkube.proxy.model.Protocol;
import java.util.Optional;

/** The command line of a trace: both ends, the namespace names resolve in, and the optional protocol and node. */
public record TraceRequest(SourceSpec from, DestSpec to, String namespace, Optional<Protocol> protocol, Optional<String> node) {}
