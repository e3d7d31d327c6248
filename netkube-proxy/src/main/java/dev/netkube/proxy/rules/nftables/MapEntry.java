package dev.netkube.proxy.rules.nftables;

/** An element a service port contributes to one of the shared sets or maps ({@code container}). */
public record MapEntry(String container, Element element) {
    /** Identity for diffing: container and key (a key holds one value at a time). */
    public String id() {
        return container + " " + element.key();
    }
}
