package dev.netkube.dns.plugin;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.ImportSource;
import dev.netkube.dns.server.CorefileLoader;
import dev.netkube.dns.server.LoadedCorefile;

/** A one-directive Corefile through the real loader: what a plugin's parse step makes of it, or its error. */
public final class SetupErrors {
  private SetupErrors() {}

  public static LoadedCorefile load(String directives) throws CorefileException {
    String text = ".:53 {\n " + directives.replace("\\n", "\n") + "\n}\n";
    return new CorefileLoader(PluginRegistry.standard(), k -> null, ImportSource.NONE, 53).load("Corefile", text);
  }
}
