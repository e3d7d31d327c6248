package dev.netkube.dns.plugin.loadbalance;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** {@code loadbalance [round_robin]}: A, AAAA and MX records of an answer shuffled, CNAMEs kept first. */
public final class LoadbalanceSetup implements Plugin<LoadbalanceSetup.Config> {
  public record Config(String policy) {}

  @Override public String name() { return "loadbalance"; }

  @Override
  public Config parse(Dispenser c, List<String> zones) throws CorefileException {
    Config config = null;
    while (c.next()) {
      List<String> args = c.remainingArgs();
      if (args.size() > 1) throw CorefileException.plugin("loadbalance", c.argErr().getMessage());
      if (args.size() == 1 && !args.get(0).equals("round_robin")) {
        throw CorefileException.plugin("loadbalance", "unknown policy: " + args.get(0));
      }
      config = new Config("round_robin");
    }
    return config;
  }

  @Override
  public Handler start(Config config, PluginContext context) {
    return (request, next) -> {
      Reply reply = next.serve(request);
      if (reply instanceof Reply.Answer a) return new Reply.Answer(shuffled(a.message()), a.plugin());
      return reply;
    };
  }

  static Message shuffled(Message m) {
    List<Record> answer = m.getSection(Section.ANSWER);
    if (answer.size() < 2) return m;
    List<Record> first = new ArrayList<>();
    List<Record> shuffle = new ArrayList<>();
    List<Record> rest = new ArrayList<>();
    for (Record r : answer) {
      switch (r.getType()) {
        case Type.CNAME -> first.add(r);
        case Type.A, Type.AAAA, Type.MX -> shuffle.add(r);
        default -> rest.add(r);
      }
    }
    if (shuffle.size() < 2) return m;
    Collections.shuffle(shuffle, ThreadLocalRandom.current());
    Message out = m.clone();
    out.removeAllRecords(Section.ANSWER);
    for (Record r : first) out.addRecord(r, Section.ANSWER);
    for (Record r : shuffle) out.addRecord(r, Section.ANSWER);
    for (Record r : rest) out.addRecord(r, Section.ANSWER);
    return out;
  }
}
