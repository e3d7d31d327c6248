package dev.netkube.proxy.rules.nftables;

import java.util.List;

/**
 * Renders a {@link Ruleset} as {@code nft -f} text: the declarative table block (golden files,
 * a fresh load) and the command forms a transaction is built from.
 */
public final class NftText {
    private NftText() {}

    public static String quote(String text) {
        if (text.indexOf('"') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("nft comments cannot hold quotes or newlines: " + text);
        }
        return "\"" + text + "\"";
    }

    /** The whole table as one {@code table ip kube-proxy { ... }} block, sets first, then chains. */
    public static String declarative(Ruleset r) {
        StringBuilder b = new StringBuilder();
        b.append("table ").append(r.family()).append(' ').append(r.table()).append(" {\n");
        b.append("\tcomment ").append(quote(r.comment())).append('\n');
        for (NftSet s : r.sets()) {
            b.append('\n').append('\t').append(s.kind()).append(' ').append(s.name()).append(" {\n");
            for (String part : s.declaration().split("; ")) {
                b.append("\t\t").append(part).append('\n');
            }
            if (!s.elements().isEmpty()) {
                b.append("\t\telements = {\n");
                List<Element> els = s.elements();
                for (int i = 0; i < els.size(); i++) {
                    b.append("\t\t\t").append(els.get(i).render()).append(i + 1 < els.size() ? ",\n" : "\n");
                }
                b.append("\t\t}\n");
            }
            b.append("\t}\n");
        }
        for (Chain c : r.chains()) {
            b.append('\n').append("\tchain ").append(c.name()).append(" {\n");
            c.hook().ifPresent(h -> b.append("\t\t").append(hookSpec(h)).append('\n'));
            for (Rule rule : c.rules()) {
                b.append("\t\t").append(rule.render()).append('\n');
            }
            b.append("\t}\n");
        }
        return b.append("}\n").toString();
    }

    static String hookSpec(BaseHook h) {
        return "type " + h.type() + " hook " + h.hook() + " priority " + h.priority() + "; policy accept;";
    }

    static String prefix(Ruleset r) {
        return r.family() + " " + r.table();
    }

    static String addTable(Ruleset r) {
        return "add table " + prefix(r) + " { comment " + quote(r.comment()) + " ; }";
    }

    static String addChain(Ruleset r, Chain c) {
        return "add chain " + prefix(r) + " " + c.name() + c.hook().map(h -> " { " + hookSpec(h) + " }").orElse("");
    }

    static String chainCommand(String verb, Ruleset r, String chain) {
        return verb + " chain " + prefix(r) + " " + chain;
    }

    static String addRule(Ruleset r, String chain, Rule rule) {
        return "add rule " + prefix(r) + " " + chain + " " + rule.render();
    }

    static String addSet(Ruleset r, NftSet s) {
        return "add " + s.kind() + " " + prefix(r) + " " + s.name() + " { " + s.declaration() + " ; }";
    }

    static String setCommand(String verb, Ruleset r, NftSet s) {
        return verb + " " + s.kind() + " " + prefix(r) + " " + s.name();
    }

    static String addElement(Ruleset r, String container, Element e) {
        return "add element " + prefix(r) + " " + container + " { " + e.render() + " }";
    }

    static String deleteElement(Ruleset r, String container, Element e) {
        return "delete element " + prefix(r) + " " + container + " { " + e.key() + " }";
    }
}
