package dev.netkube.store.sqlite;

import java.util.Optional;

/**
 * The half-open key range [prefix, end) holding every key that starts with {@code prefix}, so
 * that SQLite can answer prefix queries with an index range scan instead of LIKE.
 * Keys are compared as SQLite's BINARY collation does (UTF-8 bytes), which agrees with Java's
 * char order for the ASCII keys the API server uses.
 */
record PrefixRange(String start, Optional<String> end) {

  static PrefixRange of(String prefix) {
    StringBuilder end = new StringBuilder(prefix);
    // Drop trailing U+FFFF chars: they cannot be incremented; the shorter prefix bounds the range.
    while (end.length() > 0 && end.charAt(end.length() - 1) == Character.MAX_VALUE) {
      end.setLength(end.length() - 1);
    }
    if (end.length() == 0) {
      return new PrefixRange(prefix, Optional.empty());
    }
    end.setCharAt(end.length() - 1, (char) (end.charAt(end.length() - 1) + 1));
    return new PrefixRange(prefix, Optional.of(end.toString()));
  }

}
