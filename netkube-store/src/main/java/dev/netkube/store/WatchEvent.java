package dev.netkube.store;

/**
 * A change to one key. For DELETED, {@code kv} is the deleted value with the deletion's
 * revision as modRevision; {@code previous} is the value before the change (null on PUT-create).
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue previous) {
  public enum Type { CREATED, UPDATED, DELETED }

  public long revision() { return kv.modRevision(); }
}
