package dev.netkube.proxy.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** nft JSON expressions back to nft's own text, for trace steps a human reads. */
final class NftJsonText {
    private NftJsonText() {}

    static String rule(List<JsonNode> exprs, Optional<String> comment) {
        List<String> parts = new ArrayList<>();
        exprs.forEach(e -> parts.add(statement(e)));
        return String.join(" ", parts) + comment.map(c -> " comment \"" + c + "\"").orElse("");
    }

    static String statement(JsonNode e) {
        String kind = e.fieldNames().next();
        JsonNode v = e.get(kind);
        return switch (kind) {
            case "match" -> {
                String op = v.path("op").asText();
                String left = value(v.get("left"));
                String right = value(v.get("right"));
                // nft leaves out "==" except after a binary operation ("meta mark & 0x4000 == 0").
                boolean implicit = op.equals("in") || (op.equals("==") && !isBinop(v.get("left")));
                yield implicit ? left + " " + right : left + " " + op + " " + right;
            }
            case "vmap" -> value(v.get("key")) + " vmap " + value(v.get("data"));
            case "jump", "goto" -> kind + " " + v.get("target").asText();
            case "accept", "drop", "return", "continue" -> kind;
            case "reject" -> "reject";
            case "counter" -> "counter";
            case "dnat", "snat" -> kind + " to " + v.path("addr").asText() + (v.has("port") ? ":" + v.get("port").asText() : "");
            case "masquerade" -> "masquerade" + (v != null && v.has("flags") ? " " + flags(v.get("flags")) : "");
            case "mangle" -> value(v.get("key")) + " set " + value(v.get("value"));
            case "set" -> v.path("op").asText() + " " + v.path("set").asText() + " { " + value(v.get("elem")) + " }";
            default -> e.toString();
        };
    }

    /** A map element {@code [key, verdict]} as nft lists it: {@code key : verdict comment "..."}. */
    static String element(JsonNode elem) {
        JsonNode key = elem.get(0);
        String comment = key.has("elem") && key.get("elem").has("comment") ? " comment \"" + key.get("elem").get("comment").asText() + "\"" : "";
        return value(key) + " : " + verdict(elem.get(1)) + comment;
    }

    static String value(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(value(x)));
            return String.join(", ", parts);
        }
        String kind = v.fieldNames().next();
        JsonNode x = v.get(kind);
        return switch (kind) {
            case "payload" -> x.path("protocol").asText() + " " + x.path("field").asText();
            case "meta" -> "meta " + x.path("key").asText();
            case "ct" -> "ct " + x.path("key").asText();
            case "fib" -> "fib " + flags(x.get("flags")).replace(",", " . ") + " " + x.path("result").asText();
            case "prefix" -> x.path("addr").asText() + "/" + x.path("len").asText();
            case "range" -> value(x.get(0)) + "-" + value(x.get(1));
            case "concat" -> {
                List<String> parts = new ArrayList<>();
                x.forEach(p -> parts.add(value(p)));
                yield String.join(" . ", parts);
            }
            case "set" -> {
                List<String> parts = new ArrayList<>();
                x.forEach(p -> parts.add(p.isArray() ? value(p.get(0)) + " : " + verdict(p.get(1)) : value(p)));
                yield "{ " + String.join(", ", parts) + " }";
            }
            case "elem" -> value(x.get("val"));
            case "numgen" -> "numgen " + x.path("mode").asText() + " mod " + x.path("mod").asText();
            case "&", "|", "^" -> value(x.get(0)) + " " + kind + " " + hex(x.get(1));
            case "goto", "jump" -> kind + " " + x.path("target").asText();
            default -> v.toString();
        };
    }

    private static boolean isBinop(JsonNode v) {
        return v != null && v.isObject() && (v.has("&") || v.has("|") || v.has("^"));
    }

    static String verdict(JsonNode v) {
        return v.isObject() ? statement(v) : value(v);
    }

    /** Marks read better in hex, as nft prints them. */
    private static String hex(JsonNode v) {
        return v.isNumber() ? String.format("0x%08x", v.asLong()) : value(v);
    }

    private static String flags(JsonNode f) {
        if (f == null) {
            return "";
        }
        if (f.isTextual()) {
            return f.asText();
        }
        List<String> parts = new ArrayList<>();
        f.forEach(p -> parts.add(p.asText()));
        return String.join(",", parts);
    }
}
