package dev.netkube.dns.server;

import dev.netkube.dns.corefile.ZoneAddress;
import dev.netkube.dns.plugin.ParsedPlugin;
import java.util.List;
import java.util.Optional;

/** One server block after its plugins' parse steps: its zone addresses and its plugins in CoreDNS's order. */
public record ServerBlockConfig(List<ZoneAddress> addresses, List<ParsedPlugin<?>> plugins) {
  public ServerBlockConfig {
    addresses = List.copyOf(addresses);
    plugins = List.copyOf(plugins);
  }

  public List<String> zones() { return addresses.stream().map(ZoneAddress::zone).distinct().toList(); }

  public int port() { return addresses.get(0).port(); }

  @SuppressWarnings("unchecked")
  public <C> Optional<C> config(String plugin, Class<C> type) {
    return plugins.stream().filter(p -> p.name().equals(plugin)).map(p -> (C) p.config()).findFirst();
  }
}
