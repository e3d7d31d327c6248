package dev.netkube.dns.plugin.autopath;

import dev.netkube.dns.plugin.Request;
import java.util.List;
import java.util.Optional;

/**
 * A plugin that knows a client's search path (CoreDNS's AutoPather; kubernetes, from the client pod's namespace):
 * the domains in the client's order, ending with the empty string (the name as asked); empty for no autopath.
 */
@FunctionalInterface
public interface AutoPather {
  Optional<List<String>> searchPath(Request request);
}
