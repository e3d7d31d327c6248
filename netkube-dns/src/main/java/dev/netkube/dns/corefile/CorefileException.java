package dev.netkube.dns.corefile;

/** A Corefile that cannot be loaded; the message is CoreDNS's ({@code Corefile:3 - Error during parsing: ...}). */
public final class CorefileException extends Exception {
  public CorefileException(String message) { super(message); }

  /** Caddy's form for an error at a token: {@code file:line - Error during parsing: message}. */
  public static CorefileException at(String file, int line, String message) {
    return new CorefileException(file + ":" + line + " - Error during parsing: " + message);
  }

  /** CoreDNS's form for a plugin's setup error: {@code plugin/NAME: cause}. */
  public static CorefileException plugin(String name, String cause) {
    return new CorefileException("plugin/" + name + ": " + cause);
  }
}
