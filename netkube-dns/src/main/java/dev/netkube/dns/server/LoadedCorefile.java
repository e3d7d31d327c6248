package dev.netkube.dns.server;

import java.util.List;

/** A Corefile whose every block parsed: the blocks and the warnings load gave (plugins parsed but not served). */
public record LoadedCorefile(List<ServerBlockConfig> blocks, List<String> warnings, String text) {
  public LoadedCorefile {
    blocks = List.copyOf(blocks);
    warnings = List.copyOf(warnings);
  }
}
