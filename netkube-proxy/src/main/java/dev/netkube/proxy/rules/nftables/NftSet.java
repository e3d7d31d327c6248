package dev.netkube.proxy.rules.nftables;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A named set, or a map when {@code dataType} is present ({@code verdict} for kube-proxy's
 * dispatch maps). Elements are kept sorted so rendering is stable.
 */
public record NftSet(String name, String keyType, Optional<String> dataType, List<String> flags,
        OptionalInt timeoutSeconds, Optional<String> comment, List<Element> elements) {

    public NftSet {
        flags = List.copyOf(flags);
        elements = elements.stream().sorted(java.util.Comparator.comparing(Element::key)).toList();
    }

    public static NftSet set(String name, String keyType, String comment) {
        return new NftSet(name, keyType, Optional.empty(), List.of(), OptionalInt.empty(), Optional.of(comment), List.of());
    }

    public static NftSet verdictMap(String name, String keyType, String comment) {
        return new NftSet(name, keyType, Optional.of("verdict"), List.of(), OptionalInt.empty(), Optional.of(comment),
                List.of());
    }

    public boolean isMap() {
        return dataType.isPresent();
    }

    public String kind() {
        return isMap() ? "map" : "set";
    }

    public NftSet withElements(List<Element> newElements) {
        return new NftSet(name, keyType, dataType, flags, timeoutSeconds, comment, newElements);
    }

    /** A set of client addresses that remembers (affinity): its elements come from the data path, not from syncs. */
    public boolean isDynamic() {
        return flags.contains("dynamic");
    }

    /** The body between braces, without elements. */
    public String declaration() {
        StringBuilder b = new StringBuilder("type ").append(keyType).append(dataType.map(d -> " : " + d).orElse(""));
        if (!flags.isEmpty()) {
            b.append("; flags ").append(String.join(",", flags));
        }
        timeoutSeconds.ifPresent(t -> b.append("; timeout ").append(t).append("s"));
        comment.ifPresent(c -> b.append("; comment ").append(NftText.quote(c)));
        return b.toString();
    }
}
