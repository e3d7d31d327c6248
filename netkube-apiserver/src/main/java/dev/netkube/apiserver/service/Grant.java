package dev.netkube.apiserver.service;

/** The outcome of asking a range for one value (a cluster IP, a node port). */
public sealed interface Grant<K> {
  /** Why a range said no; the messages are upstream's allocator errors. */
  enum Reason { ALREADY_ALLOCATED, NOT_IN_RANGE, FULL }

  record Granted<K>(K value) implements Grant<K> {}

  record Refused<K>(Reason reason, String message) implements Grant<K> {}
}
