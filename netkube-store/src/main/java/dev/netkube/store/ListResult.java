package dev.netkube.store;

import java.util.List;

/**
 * A page of a prefix listing at {@code revision}; {@code more} tells whether keys after the last
 * returned one exist at that revision.
 */
public record ListResult(List<KeyValue> items, long revision, boolean more) {}
