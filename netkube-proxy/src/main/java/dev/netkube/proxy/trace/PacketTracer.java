package dev.netkube.proxy.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.proxy.model.Ipv4;
import dev.netkube.proxy.trace.LiveRuleset.LiveChain;
import dev.netkube.proxy.trace.LiveRuleset.LiveRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a packet through a ruleset read from {@code nft -j}, as kube-proxy's helpers_test.go
 * tracer does: base chains in hook order (prerouting, or output for the node's own packets; then
 * input or forward by the post-DNAT destination; postrouting), jump/goto/vmap followed, a
 * {@code numgen} vmap fanned out to every arm. It evaluates only kube-proxy's own rule shapes and
 * throws {@link UnsupportedRuleException} on anything else. Every packet counts as {@code ct state new}.
 */
public final class PacketTracer implements Tracer {
    private static final int MAX_DEPTH = 64;

    private final LiveRuleset ruleset;
    private final Set<String> localAddresses;

    /** {@code localAddresses}: the node's own addresses ({@code fib ... type local}); 127.0.0.0/8 always is. */
    public PacketTracer(LiveRuleset ruleset, Set<String> localAddresses) {
        this.ruleset = ruleset;
        this.localAddresses = Set.copyOf(localAddresses);
    }

    private enum Flow { NEXT, BREAK, RETURN, ACCEPT, DROP, REJECT }

    /** The packet's changing view: destination after DNAT, mark, masquerade. */
    private record State(String daddr, int dport, long mark, Optional<String> dnat, boolean masquerade) {
        State withMark(long m) {
            return new State(daddr, dport, m, dnat, masquerade);
        }
    }

    private record Branch(State state, Flow flow) {}

    @Override
    public Trace trace(Packet packet) {
        LinkedHashSet<TraceStep> steps = new LinkedHashSet<>();
        Run run = new Run(packet, steps);
        State start = new State(packet.destinationIp(), packet.destinationPort(), 0, Optional.empty(), false);
        boolean fromHost = isLocal(packet.sourceIp());
        List<Branch> done = new ArrayList<>();
        List<Branch> afterFirst = run.hook(fromHost ? "output" : "prerouting", List.of(new Branch(start, Flow.ACCEPT)), done);
        for (Branch b : afterFirst) {
            if (fromHost) {
                done.addAll(run.hook("postrouting", List.of(b), done));
            } else if (isLocal(b.state().daddr())) {
                done.addAll(run.hook("input", List.of(b), done));
            } else {
                List<Branch> forwarded = run.hook("forward", List.of(b), done);
                done.addAll(run.hook("postrouting", forwarded, done));
            }
        }
        return new Trace(outcome(done), List.copyOf(steps));
    }

    private static TraceOutcome outcome(List<Branch> branches) {
        return TraceOutcome.of(branches.stream().map(b -> new TraceOutcome.Ending(b.state().dnat(), b.state().masquerade(),
                b.flow() == Flow.REJECT, b.flow() == Flow.DROP)).toList());
    }

    private boolean isLocal(String ip) {
        return ip.startsWith("127.") || localAddresses.contains(ip);
    }

    /** One packet's evaluation; {@code steps} collects matched rules across all branches. */
    private final class Run {
        private final Packet packet;
        private final Set<TraceStep> steps;

        Run(Packet packet, Set<TraceStep> steps) {
            this.packet = packet;
            this.steps = steps;
        }

        /** Runs the hook's base chains by priority; returns the branches still going, adds finished ones to {@code done}. */
        List<Branch> hook(String hook, List<Branch> in, List<Branch> done) {
            List<LiveChain> bases = ruleset.chains().values().stream()
                    .filter(c -> c.hook().map(h -> h.hook().equals(hook)).orElse(false))
                    .sorted(Comparator.comparingInt((LiveChain c) -> c.hook().get().priority()).thenComparing(LiveChain::name))
                    .toList();
            List<Branch> going = in;
            for (LiveChain base : bases) {
                List<Branch> next = new ArrayList<>();
                for (Branch b : going) {
                    for (Branch r : chain(base.name(), b.state(), 0)) {
                        Flow f = r.flow() == Flow.RETURN ? policy(base) : r.flow();
                        if (f == Flow.ACCEPT) {
                            next.add(new Branch(r.state(), Flow.ACCEPT));
                        } else {
                            done.add(new Branch(r.state(), f));
                        }
                    }
                }
                going = next;
            }
            return going;
        }

        private Flow policy(LiveChain base) {
            return "drop".equals(base.hook().get().policy()) ? Flow.DROP : Flow.ACCEPT;
        }

        List<Branch> chain(String name, State s, int depth) {
            if (depth > MAX_DEPTH) {
                throw new UnsupportedRuleException("chain recursion deeper than " + MAX_DEPTH + " at " + name);
            }
            LiveChain chain = ruleset.chains().get(name);
            if (chain == null) {
                throw new UnsupportedRuleException("jump to unknown chain " + name);
            }
            List<Branch> out = new ArrayList<>();
            rules(chain, 0, s, out, depth);
            return out;
        }

        private void rules(LiveChain chain, int i, State s, List<Branch> out, int depth) {
            if (i == chain.rules().size()) {
                out.add(new Branch(s, Flow.RETURN));
                return;
            }
            LiveRule rule = chain.rules().get(i);
            for (Branch b : exprs(chain.name(), rule, 0, s, false, depth)) {
                if (b.flow() == Flow.NEXT || b.flow() == Flow.BREAK) {
                    rules(chain, i + 1, b.state(), out, depth);
                } else {
                    out.add(b);
                }
            }
        }

        private List<Branch> exprs(String chain, LiveRule rule, int j, State s, boolean recorded, int depth) {
            if (j == rule.exprs().size()) {
                return List.of(new Branch(s, Flow.NEXT));
            }
            JsonNode e = rule.exprs().get(j);
            String kind = e.fieldNames().next();
            JsonNode v = e.get(kind);
            if (kind.equals("match") && v.path("left").has("numgen")) {
                // A random choice ("numgen random mod 2 0 goto ..."): some packets take the rule, the rest go on.
                List<Branch> out = new ArrayList<>(exprs(chain, rule, j + 1, s, recorded, depth));
                out.add(new Branch(s, Flow.BREAK));
                return out;
            }
            if (kind.equals("match")) {
                return match(v, s) ? exprs(chain, rule, j + 1, s, recorded, depth) : List.of(new Branch(s, Flow.BREAK));
            }
            List<JsonNode> verdicts = List.of();
            Optional<String> via = Optional.empty();
            if (kind.equals("vmap")) {
                VmapHit hit = vmap(v, s);
                if (hit.verdicts().isEmpty()) {
                    return List.of(new Branch(s, Flow.BREAK));
                }
                verdicts = hit.verdicts();
                via = hit.element();
            }
            if (!recorded) {
                steps.add(new TraceStep(chain, rule.text(), via));
            }
            if (kind.equals("vmap")) {
                List<Branch> out = new ArrayList<>();
                for (JsonNode verdict : verdicts) {
                    out.addAll(then(chain, rule, j, statement(verdict, s, depth), depth));
                }
                return out;
            }
            return then(chain, rule, j, statement(e, s, depth), depth);
        }

        /** Continues the rule after statement {@code j} for branches that go on. */
        private List<Branch> then(String chain, LiveRule rule, int j, List<Branch> results, int depth) {
            List<Branch> out = new ArrayList<>();
            for (Branch r : results) {
                if (r.flow() == Flow.NEXT) {
                    out.addAll(exprs(chain, rule, j + 1, r.state(), true, depth));
                } else {
                    out.add(r);
                }
            }
            return out;
        }

        private List<Branch> statement(JsonNode e, State s, int depth) {
            String kind = e.fieldNames().next();
            JsonNode v = e.get(kind);
            switch (kind) {
                case "jump": {
                    List<Branch> out = new ArrayList<>();
                    for (Branch r : chain(v.get("target").asText(), s, depth + 1)) {
                        out.add(r.flow() == Flow.RETURN ? new Branch(r.state(), Flow.NEXT) : r);
                    }
                    return out;
                }
                case "goto":
                    // The target's return is our chain's return.
                    return chain(v.get("target").asText(), s, depth + 1);
                case "accept":
                    return List.of(new Branch(s, Flow.ACCEPT));
                case "drop":
                    return List.of(new Branch(s, Flow.DROP));
                case "reject":
                    return List.of(new Branch(s, Flow.REJECT));
                case "return":
                    return List.of(new Branch(s, Flow.RETURN));
                case "counter":
                case "set": // "update @affinity-... { ip saddr }": remembers the client, no effect on this packet
                    return List.of(new Branch(s, Flow.NEXT));
                case "mangle":
                    if (!"mark".equals(v.path("key").path("meta").path("key").asText())) {
                        throw unsupported(e);
                    }
                    return List.of(new Branch(s.withMark(number(v.get("value"), s)), Flow.NEXT));
                case "dnat": {
                    String addr = v.path("addr").asText();
                    int port = v.has("port") ? v.get("port").asInt() : s.dport();
                    State d = new State(addr, port, s.mark(), Optional.of(addr + ":" + port), s.masquerade());
                    return List.of(new Branch(d, Flow.ACCEPT)); // NAT statements end the chain's evaluation
                }
                case "masquerade":
                    return List.of(new Branch(new State(s.daddr(), s.dport(), s.mark(), s.dnat(), true), Flow.ACCEPT));
                default:
                    throw unsupported(e);
            }
        }

        /** A verdict map's lookup: the verdicts to follow, and the element hit as nft prints it (not for numgen). */
        private record VmapHit(List<JsonNode> verdicts, Optional<String> element) {}

        private VmapHit vmap(JsonNode v, State s) {
            JsonNode key = v.get("key");
            JsonNode data = v.get("data");
            if (key.has("numgen")) {
                // Random choice: every arm is a possible path.
                // the arms: an anonymous map in the rule (upstream's layout) or a named one (netkube's endpoint maps)
                List<JsonNode> arms = new ArrayList<>();
                List<String> shown = new ArrayList<>();
                for (JsonNode p : elements(data)) {
                    arms.add(p.get(1));
                    shown.add(NftJsonText.element(p));
                }
                if (arms.isEmpty()) {
                    throw unsupported(v);
                }
                // a named map's arms are not in the rule's text: show them
                return new VmapHit(arms, data.isTextual() ? Optional.of(String.join(", ", shown)) : Optional.empty());
            }
            List<Object> k = key.has("concat") ? concat(key.get("concat"), s) : List.of(value(key, s));
            for (JsonNode elem : elements(data)) {
                if (!elem.isArray() || elem.size() != 2) {
                    throw unsupported(elem);
                }
                if (keyMatches(k, unwrap(elem.get(0)))) {
                    return new VmapHit(List.of(elem.get(1)), Optional.of(NftJsonText.element(elem)));
                }
            }
            return new VmapHit(List.of(), Optional.empty());
        }

        private List<Object> concat(JsonNode parts, State s) {
            List<Object> out = new ArrayList<>();
            parts.forEach(p -> out.add(value(p, s)));
            return out;
        }

        private boolean keyMatches(List<Object> key, JsonNode elemKey) {
            if (key.size() == 1) {
                return matches(key.get(0), elemKey);
            }
            JsonNode parts = elemKey.get("concat");
            if (parts == null || parts.size() != key.size()) {
                return false;
            }
            for (int i = 0; i < key.size(); i++) {
                if (!matches(key.get(i), unwrap(parts.get(i)))) {
                    return false;
                }
            }
            return true;
        }

        private List<JsonNode> elements(JsonNode data) {
            if (data.isTextual() && data.asText().startsWith("@")) {
                List<JsonNode> elems = ruleset.sets().get(data.asText().substring(1));
                if (elems == null) {
                    throw new UnsupportedRuleException("lookup in unknown set " + data.asText());
                }
                return elems;
            }
            if (data.has("set")) {
                List<JsonNode> out = new ArrayList<>();
                data.get("set").forEach(out::add);
                return out;
            }
            throw unsupported(data);
        }

        private boolean match(JsonNode m, State s) {
            String op = m.path("op").asText();
            Optional<Object> left = optionalValue(m.get("left"), s);
            if (left.isEmpty()) {
                return false; // e.g. "tcp dport" on a UDP packet never matches, whatever the operator
            }
            boolean hit = matches(left.get(), m.get("right"));
            return switch (op) {
                case "==", "in" -> hit;
                case "!=" -> !hit;
                default -> throw unsupported(m);
            };
        }

        private Object value(JsonNode v, State s) {
            return optionalValue(v, s).orElseThrow(() -> unsupported(v));
        }

        /** A packet field's value; empty when the packet has no such field (another protocol's header). */
        private Optional<Object> optionalValue(JsonNode v, State s) {
            if (v.isObject() && v.has("payload")) {
                JsonNode p = v.get("payload");
                String proto = p.path("protocol").asText();
                String field = p.path("field").asText();
                if (proto.equals("ip") && field.equals("saddr")) {
                    return Optional.of(packet.sourceIp());
                }
                if (proto.equals("ip") && field.equals("daddr")) {
                    return Optional.of(s.daddr());
                }
                if (field.equals("dport") && (proto.equals("th") || proto.equals(packet.protocol().nft()))) {
                    return Optional.of((long) s.dport());
                }
                if (field.equals("dport") && List.of("tcp", "udp", "sctp").contains(proto)) {
                    return Optional.empty();
                }
                throw unsupported(v);
            }
            if (v.isObject() && v.has("meta")) {
                String key = v.get("meta").path("key").asText();
                return switch (key) {
                    case "l4proto" -> Optional.of(packet.protocol().nft());
                    case "mark" -> Optional.of(s.mark());
                    default -> throw unsupported(v);
                };
            }
            if (v.isObject() && v.has("fib")) {
                JsonNode f = v.get("fib");
                String flag = f.path("flags").isArray() && f.path("flags").size() == 1
                        ? f.path("flags").get(0).asText() : "";
                if (!"type".equals(f.path("result").asText()) || !(flag.equals("saddr") || flag.equals("daddr"))) {
                    throw unsupported(v);
                }
                String addr = flag.equals("saddr") ? packet.sourceIp() : s.daddr();
                return Optional.of(isLocal(addr) ? "local" : "unicast");
            }
            if (v.isObject() && v.has("ct") && "state".equals(v.get("ct").path("key").asText())) {
                return Optional.of("new");
            }
            if (v.isObject() && v.has("&")) {
                return Optional.of(number(v, s));
            }
            throw unsupported(v);
        }

        private long number(JsonNode v, State s) {
            if (v.isNumber()) {
                return v.asLong();
            }
            if (v.isTextual() && v.asText().startsWith("0x")) {
                return Long.parseLong(v.asText().substring(2), 16);
            }
            for (String op : List.of("&", "|", "^")) {
                if (v.has(op)) {
                    long a = v.get(op).get(0).has("meta") ? s.mark() : number(v.get(op).get(0), s);
                    long b = number(v.get(op).get(1), s);
                    return switch (op) {
                        case "&" -> a & b;
                        case "|" -> a | b;
                        default -> a ^ b;
                    };
                }
            }
            throw unsupported(v);
        }

        private boolean matches(Object value, JsonNode right) {
            right = unwrap(right);
            if (right.isTextual() && right.asText().startsWith("@")) {
                return elements(right).stream().anyMatch(el -> matches(value, el));
            }
            if (right.isObject() && right.has("set")) {
                for (JsonNode el : right.get("set")) {
                    if (matches(value, el)) {
                        return true;
                    }
                }
                return false;
            }
            if (right.isArray()) { // e.g. ct state { new, established } printed as a list
                for (JsonNode el : right) {
                    if (matches(value, el)) {
                        return true;
                    }
                }
                return false;
            }
            if (right.isObject() && right.has("prefix")) {
                JsonNode p = right.get("prefix");
                return value instanceof String ip && Ipv4.isIpv4(ip)
                        && Ipv4.inCidr(ip, p.get("addr").asText() + "/" + p.get("len").asInt());
            }
            if (right.isObject() && right.has("range")) {
                JsonNode r = right.get("range");
                if (value instanceof Long n) {
                    return n >= r.get(0).asLong() && n <= r.get(1).asLong();
                }
                if (value instanceof String ip && Ipv4.isIpv4(ip)) {
                    long x = Ipv4.toLong(ip);
                    return x >= Ipv4.toLong(r.get(0).asText()) && x <= Ipv4.toLong(r.get(1).asText());
                }
                return false;
            }
            if (right.isNumber()) {
                return value instanceof Long n && n == right.asLong();
            }
            if (right.isTextual()) {
                if (value instanceof Long n && right.asText().startsWith("0x")) {
                    return n == Long.parseLong(right.asText().substring(2), 16);
                }
                return value.toString().equals(right.asText());
            }
            throw unsupported(right);
        }

        private JsonNode unwrap(JsonNode n) {
            return n.isObject() && n.has("elem") ? n.get("elem").get("val") : n;
        }

        private UnsupportedRuleException unsupported(JsonNode e) {
            return new UnsupportedRuleException("the tracer does not understand " + e);
        }
    }
}
