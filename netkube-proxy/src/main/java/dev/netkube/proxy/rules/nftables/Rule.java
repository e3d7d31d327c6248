package dev.netkube.proxy.rules.nftables;

import java.util.Optional;

/** One rule in nft syntax (without {@code add rule ...}), with an optional comment. */
public record Rule(String text, Optional<String> comment) {
    public static Rule of(String text) {
        return new Rule(text, Optional.empty());
    }

    public static Rule of(String text, String comment) {
        return new Rule(text, Optional.of(comment));
    }

    /** The rule as nft -f reads it. */
    public String render() {
        return text + comment.map(c -> " comment " + NftText.quote(c)).orElse("");
    }
}
