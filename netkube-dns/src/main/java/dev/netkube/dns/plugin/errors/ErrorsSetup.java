package dev.netkube.dns.plugin.errors;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Reply;
import java.util.List;
import org.xbill.DNS.Type;

/** {@code errors [stdout] { stacktrace }}: logs the error a later plugin returned, as {@code [ERROR] plugin/errors: ...}. */
public final class ErrorsSetup implements Plugin<ErrorsSetup.Config> {
  public record Config(boolean stacktrace) {}

  @Override public String name() { return "errors"; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      if (config != null) throw CorefileException.plugin("errors", "this plugin can only be used once per Server Block");
      List<String> args = c.remainingArgs();
      if (args.size() > 1) throw CorefileException.plugin("errors", c.argErr().getMessage());
      if (args.size() == 1 && !args.get(0).equals("stdout")) {
        throw CorefileException.plugin("errors", c.errf("invalid log file: %s", args.get(0)).getMessage());
      }
      boolean stacktrace = false;
      while (c.nextBlock()) {
        switch (c.val()) {
          case "stacktrace" -> stacktrace = true;
          case "consolidate" -> {
            List<String> a = c.remainingArgs();
            if (a.size() < 2 || a.size() > 3) throw CorefileException.plugin("errors", c.argErr().getMessage());
            throw CorefileException.plugin("errors", c.err("consolidate is not yet supported by netkube").getMessage());
          }
          default -> throw CorefileException.plugin("errors", c.errf("unknown property '%s'", c.val()).getMessage());
        }
      }
      config = new Config(stacktrace);
    }
    return config;
  }

  @Override
  public Handler start(Config config, PluginContext context) {
    return (request, next) -> {
      Reply reply = next.serve(request);
      if (reply instanceof Reply.Failure f && f.error().isPresent()) {
        context.log("[ERROR] plugin/errors: " + f.rcode() + " " + request.qname() + " " + Type.string(request.qtype())
            + ": " + f.error().get());
      }
      return reply;
    };
  }
}
