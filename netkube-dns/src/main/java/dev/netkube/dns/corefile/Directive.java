package dev.netkube.dns.corefile;

import java.util.List;

/** All tokens of one directive (every occurrence in its server block, in order), as CoreDNS hands them to setup. */
public record Directive(String name, List<Token> tokens) {
  public Directive {
    tokens = List.copyOf(tokens);
  }

  /** The line of the directive's first occurrence. */
  public int line() { return tokens.get(0).line(); }

  public Dispenser dispenser(String file) { return new Dispenser(file, tokens); }
}
