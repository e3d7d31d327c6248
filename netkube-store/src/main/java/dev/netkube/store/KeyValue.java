package dev.netkube.store;

/**
 * One stored value at one revision. {@code modRevision} is the store's global revision of the
 * write that produced it, and becomes the object's resourceVersion.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {}
