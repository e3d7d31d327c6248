package dev.netkube.proxy.rules.nftables;

import java.util.Optional;

/** A set element ({@code value} empty) or a map element ({@code key : value}). */
public record Element(String key, Optional<String> value, Optional<String> comment) {
    public static Element key(String key) {
        return new Element(key, Optional.empty(), Optional.empty());
    }

    public static Element mapping(String key, String value) {
        return new Element(key, Optional.of(value), Optional.empty());
    }

    public static Element mapping(String key, String value, String comment) {
        return new Element(key, Optional.of(value), Optional.of(comment));
    }

    /** Element syntax inside {@code { ... }}: key, comment, then {@code : value}. */
    public String render() {
        return key + comment.map(c -> " comment " + NftText.quote(c)).orElse("") + value.map(v -> " : " + v).orElse("");
    }
}
