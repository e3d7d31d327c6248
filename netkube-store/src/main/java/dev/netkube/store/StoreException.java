package dev.netkube.store;

/** Failures a caller acts on; anything else is an unchecked I/O failure of the backend. */
public sealed class StoreException extends RuntimeException
    permits StoreException.KeyExists, StoreException.NotFound, StoreException.Conflict, StoreException.Compacted,
        StoreException.Unavailable {

  StoreException(String message, Throwable cause) { super(message, cause); }

  /** create() of a key that exists. */
  public static final class KeyExists extends StoreException {
    public KeyExists(String key) { super(key, null); }
  }

  /** update()/delete() of a key that does not exist. */
  public static final class NotFound extends StoreException {
    public NotFound(String key) { super(key, null); }
  }

  /** update()/delete() whose expected revision is not the key's current modRevision. */
  public static final class Conflict extends StoreException {
    private final KeyValue current;

    public Conflict(KeyValue current) {
      super(current.key(), null);
      this.current = current;
    }

    public KeyValue current() { return current; }
  }

  /** A read or watch at a revision older than the compacted one. */
  public static final class Compacted extends StoreException {
    private final long requested;
    private final long compacted;

    public Compacted(long requested, long compacted) {
      super("required revision " + requested + " has been compacted (compacted at " + compacted + ")", null);
      this.requested = requested;
      this.compacted = compacted;
    }

    public long requested() { return requested; }

    public long compacted() { return compacted; }
  }

  /** The backend cannot be reached or has failed; the write may not have happened. */
  public static final class Unavailable extends StoreException {
    public Unavailable(String message, Throwable cause) { super(message, cause); }
  }
}
