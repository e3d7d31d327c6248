package dev.netkube.proxy.trace;

import dev.netkube.proxy.model.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a packet through an iptables ruleset (iptables-save text), as kube-proxy's iptables tracer does: nat
 * PREROUTING (OUTPUT for the node's own packets), then filter INPUT or FORWARD by the post-DNAT destination (filter
 * OUTPUT for the node's own), then nat POSTROUTING; jumps followed, a {@code statistic} rule fanned out both ways (it
 * matches some packets, not others), a {@code recent --rcheck} never matching (the packet is a first one). In the
 * built-in chains only the rules leading into kube-proxy's chains count (the rest are other software's); in
 * kube-proxy's chains a match it does not know throws {@link UnsupportedRuleException}.
 */
public final class IptablesTracer implements Tracer {
  private static final int MAX_DEPTH = 64;
  private static final Set<String> BUILT_IN = Set.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");
  private final IptablesRuleset ruleset;
  private final Set<String> localAddresses;

  /** {@code localAddresses}: the node's own addresses ({@code addrtype LOCAL}); 127.0.0.0/8 always is. */
  public IptablesTracer(IptablesRuleset ruleset, Set<String> localAddresses) {
    this.ruleset = ruleset;
    this.localAddresses = Set.copyOf(localAddresses);
  }

  private enum Flow { NEXT, RETURN, ACCEPT, DROP, REJECT }

  private record State(String daddr, int dport, long mark, Optional<String> dnat, boolean masquerade) {}

  private record Branch(State state, Flow flow) {}

  @Override
  public Trace trace(Packet packet) {
    Set<TraceStep> steps = new LinkedHashSet<>();
    Run run = new Run(packet, steps);
    List<Branch> done = new ArrayList<>();
    List<Branch> going = List.of(new Branch(new State(packet.destinationIp(), packet.destinationPort(), 0, Optional.empty(), false),
        Flow.ACCEPT));
    if (isLocal(packet.sourceIp())) {
      going = run.hook("nat", "OUTPUT", going, done);
      going = run.hook("filter", "OUTPUT", going, done);
      going = run.hook("nat", "POSTROUTING", going, done);
    } else {
      List<Branch> routed = new ArrayList<>();
      for (Branch b : run.hook("nat", "PREROUTING", going, done)) {
        if (isLocal(b.state().daddr())) {
          routed.addAll(run.hook("filter", "INPUT", List.of(b), done));
        } else {
          routed.addAll(run.hook("nat", "POSTROUTING", run.hook("filter", "FORWARD", List.of(b), done), done));
        }
      }
      going = routed;
    }
    done.addAll(going);
    return new Trace(TraceOutcome.of(done.stream().map(b -> new TraceOutcome.Ending(b.state().dnat(), b.state().masquerade(),
        b.flow() == Flow.REJECT, b.flow() == Flow.DROP)).toList()), List.copyOf(steps));
  }

  private boolean isLocal(String ip) { return ip.startsWith("127.") || localAddresses.contains(ip); }

  private final class Run {
    private final Packet packet;
    private final Set<TraceStep> steps;

    Run(Packet packet, Set<TraceStep> steps) {
      this.packet = packet;
      this.steps = steps;
    }

    /** One built-in chain (policy ACCEPT): the branches it lets through; the refused ones go to {@code done}. */
    List<Branch> hook(String table, String chain, List<Branch> in, List<Branch> done) {
      List<Branch> through = new ArrayList<>();
      for (Branch b : in) {
        for (Branch r : chain(table, chain, b.state(), 0)) {
          if (r.flow() == Flow.DROP || r.flow() == Flow.REJECT) done.add(r);
          else through.add(new Branch(r.state(), Flow.ACCEPT));
        }
      }
      return through;
    }

    List<Branch> chain(String table, String name, State s, int depth) {
      if (depth > MAX_DEPTH) throw new UnsupportedRuleException("chain recursion deeper than " + MAX_DEPTH + " at " + name);
      List<IptablesRuleset.Rule> rules = ruleset.chain(table, name);
      boolean builtIn = BUILT_IN.contains(name);
      if (rules == null) {
        if (builtIn) return List.of(new Branch(s, Flow.RETURN));
        throw new UnsupportedRuleException("jump to unknown chain " + table + " " + name);
      }
      List<Branch> out = new ArrayList<>();
      List<State> pending = List.of(s);
      for (IptablesRuleset.Rule rule : rules) {
        if (builtIn && !leadsToKubeProxy(rule)) continue;
        List<State> next = new ArrayList<>();
        for (State st : pending) {
          for (Branch r : rule(table, name, rule, st, depth)) {
            if (r.flow() == Flow.NEXT) next.add(r.state());
            else out.add(r);
          }
        }
        pending = next;
        if (pending.isEmpty()) break;
      }
      for (State st : pending) out.add(new Branch(st, Flow.RETURN));
      return out;
    }

    private boolean leadsToKubeProxy(IptablesRuleset.Rule rule) {
      int j = rule.words().indexOf("-j");
      return j >= 0 && j + 1 < rule.words().size() && rule.words().get(j + 1).startsWith("KUBE-");
    }

    /** A rule's branches: NEXT when it does not match (or its target continues), else its verdict. */
    private List<Branch> rule(String table, String chain, IptablesRuleset.Rule rule, State s, int depth) {
      List<String> w = rule.words();
      int j = w.indexOf("-j");
      List<String> matches = j < 0 ? w : w.subList(0, j);
      Match m = matches(matches, s);
      if (m == Match.NO) return List.of(new Branch(s, Flow.NEXT));
      steps.add(new TraceStep(table + " " + chain, rule.text()));
      List<Branch> out = new ArrayList<>();
      if (m == Match.SOME) out.add(new Branch(s, Flow.NEXT)); // statistic: the packets it does not take go on
      if (j < 0) {
        out.add(new Branch(s, Flow.NEXT)); // a comment-only rule
        return out;
      }
      out.addAll(target(table, w.get(j + 1), w.subList(j + 2, w.size()), s, depth));
      return out;
    }

    private List<Branch> target(String table, String target, List<String> args, State s, int depth) {
      switch (target) {
        case "ACCEPT": return List.of(new Branch(s, Flow.ACCEPT));
        case "DROP": return List.of(new Branch(s, Flow.DROP));
        case "REJECT": return List.of(new Branch(s, Flow.REJECT));
        case "RETURN": return List.of(new Branch(s, Flow.RETURN));
        case "MASQUERADE": return List.of(new Branch(new State(s.daddr(), s.dport(), s.mark(), s.dnat(), true), Flow.ACCEPT));
        case "DNAT": {
          String to = value(args, "--to-destination");
          int colon = to.lastIndexOf(':');
          State d = new State(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)), s.mark(), Optional.of(to), s.masquerade());
          return List.of(new Branch(d, Flow.ACCEPT)); // a NAT target ends the table's traversal
        }
        case "MARK": return List.of(new Branch(new State(s.daddr(), s.dport(), mark(args, s.mark()), s.dnat(), s.masquerade()), Flow.NEXT));
        default: {
          List<Branch> out = new ArrayList<>();
          for (Branch r : chain(table, target, s, depth + 1)) out.add(r.flow() == Flow.RETURN ? new Branch(r.state(), Flow.NEXT) : r);
          return out;
        }
      }
    }

    private long mark(List<String> args, long mark) {
      for (int i = 0; i < args.size() - 1; i++) {
        String[] vm = args.get(i + 1).split("/");
        long v = Long.decode(vm[0]);
        switch (args.get(i)) {
          case "--or-mark": return mark | v;
          case "--xor-mark": return mark ^ v;
          case "--set-xmark": return (mark & ~(vm.length > 1 ? Long.decode(vm[1]) : 0xffffffffL)) ^ v;
          case "--set-mark": return v;
          default: break;
        }
      }
      throw new UnsupportedRuleException("MARK without a mark: " + args);
    }

    private enum Match { NO, ALL, SOME }

    private Match matches(List<String> w, State s) {
      boolean some = false;
      boolean negate = false;
      for (int i = 0; i < w.size(); i++) {
        String word = w.get(i);
        if (word.equals("!")) {
          negate = true;
          continue;
        }
        Boolean hit;
        switch (word) {
          case "-m", "--comment", "--mode", "--name", "--seconds", "--mask" -> {
            i++;
            continue;
          }
          case "--reap", "--rsource" -> {
            continue;
          }
          case "-d", "--destination" -> hit = inCidr(s.daddr(), w.get(++i));
          case "-s", "--source" -> hit = inCidr(packet.sourceIp(), w.get(++i));
          case "-p", "--protocol" -> hit = w.get(++i).equalsIgnoreCase(packet.protocol().nft());
          case "--dport" -> hit = Integer.parseInt(w.get(++i)) == s.dport();
          case "--dst-type" -> hit = addrtype(w.get(++i), s.daddr());
          case "--src-type" -> hit = addrtype(w.get(++i), packet.sourceIp());
          case "--mark" -> {
            String[] vm = w.get(++i).split("/");
            long mask = vm.length > 1 ? Long.decode(vm[1]) : 0xffffffffL;
            hit = (s.mark() & mask) == Long.decode(vm[0]);
          }
          case "--ctstate" -> hit = List.of(w.get(++i).split(",")).contains("NEW"); // every traced packet is a new one
          case "--rcheck" -> hit = false; // no affinity is recorded for a first packet
          case "--set" -> hit = true;
          case "--probability" -> {
            i++;
            some = true;
            continue;
          }
          default -> throw new UnsupportedRuleException("unsupported iptables match " + word + " in: " + String.join(" ", w));
        }
        if (hit == negate) return Match.NO;
        negate = false;
      }
      return some ? Match.SOME : Match.ALL;
    }

    private boolean addrtype(String type, String ip) {
      if (!type.equals("LOCAL")) throw new UnsupportedRuleException("unsupported addrtype " + type);
      return isLocal(ip);
    }

    private boolean inCidr(String ip, String cidr) { return Ipv4.inCidr(ip, cidr.contains("/") ? cidr : cidr + "/32"); }

    private String value(List<String> args, String option) {
      int i = args.indexOf(option);
      if (i < 0 || i + 1 >= args.size()) throw new UnsupportedRuleException("missing " + option + " in " + args);
      return args.get(i + 1);
    }
  }
}
