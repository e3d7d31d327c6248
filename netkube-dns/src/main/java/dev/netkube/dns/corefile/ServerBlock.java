package dev.netkube.dns.corefile;

import java.util.List;

/** A server block as written: its keys ({@code .:53}, {@code cluster.local}) and its directives in file order. */
public record ServerBlock(List<String> keys, List<Directive> directives, String file, int line) {
  public ServerBlock {
    keys = List.copyOf(keys);
    directives = List.copyOf(directives);
  }
}
