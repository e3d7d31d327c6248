package dev.netkube.cli.cluster;

import java.util.ArrayList;
import java.util.List;

/** nftables in the host's namespace: scripts through {@code nft -f -}, the list of tables. */
public final class Nft {
  private Nft() {}

  public static void run(String script) {
    if (script.isBlank()) return;
    Exec.check(List.of("nft", "-f", "-"), script);
  }

  /** Every table as {@code nft list tables} names it: {@code inet nk-guard}. */
  public static List<String> tables() {
    List<String> tables = new ArrayList<>();
    for (String line : Exec.check(List.of("nft", "list", "tables"), "").split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("table ")) tables.add(trimmed.substring("table ".length()));
    }
    return tables;
  }
}
