package dev.netkube.proxy.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One table as {@code nft -j list table <family> <name>} prints it: chains with their rules, sets with their elements. */
public record LiveRuleset(Map<String, LiveChain> chains, Map<String, List<JsonNode>> sets) {

    /** A base chain's hook, priority and policy. */
    public record Hook(String hook, int priority, String policy) {}

    public record LiveRule(List<JsonNode> exprs, Optional<String> comment, String text) {}

    public record LiveChain(String name, Optional<Hook> hook, List<LiveRule> rules) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static LiveRuleset parse(String json, String family, String table) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not nft JSON", e);
        }
        if (root == null || !root.has("nftables")) {
            throw new IllegalArgumentException("not nft -j output: no \"nftables\" array");
        }
        Map<String, Optional<Hook>> hooks = new LinkedHashMap<>();
        Map<String, List<LiveRule>> rules = new LinkedHashMap<>();
        Map<String, List<JsonNode>> sets = new LinkedHashMap<>();
        for (JsonNode item : root.get("nftables")) {
            if (item.has("chain") && in(item.get("chain"), family, table)) {
                JsonNode c = item.get("chain");
                hooks.put(c.get("name").asText(), c.has("hook")
                        ? Optional.of(new Hook(c.get("hook").asText(), c.path("prio").asInt(), c.path("policy").asText("accept")))
                        : Optional.empty());
                rules.putIfAbsent(c.get("name").asText(), new ArrayList<>());
            } else if (item.has("rule") && in(item.get("rule"), family, table)) {
                JsonNode r = item.get("rule");
                List<JsonNode> exprs = new ArrayList<>();
                r.get("expr").forEach(exprs::add);
                Optional<String> comment = r.has("comment") ? Optional.of(r.get("comment").asText()) : Optional.empty();
                rules.computeIfAbsent(r.get("chain").asText(), k -> new ArrayList<>())
                        .add(new LiveRule(List.copyOf(exprs), comment, NftJsonText.rule(exprs, comment)));
            } else {
                for (String kind : List.of("set", "map")) {
                    if (item.has(kind) && in(item.get(kind), family, table)) {
                        JsonNode s = item.get(kind);
                        List<JsonNode> elems = new ArrayList<>();
                        s.path("elem").forEach(elems::add);
                        sets.put(s.get("name").asText(), List.copyOf(elems));
                    }
                }
            }
        }
        Map<String, LiveChain> chains = new LinkedHashMap<>();
        hooks.forEach((name, hook) -> chains.put(name, new LiveChain(name, hook, List.copyOf(rules.get(name)))));
        return new LiveRuleset(Map.copyOf(chains), Map.copyOf(sets));
    }

    private static boolean in(JsonNode obj, String family, String table) {
        return family.equals(obj.path("family").asText()) && table.equals(obj.path("table").asText());
    }
}
