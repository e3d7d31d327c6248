package dev.netkube.cli;

/**
 * A failure the user can act on: what went wrong and what to do about it. Main prints both
 * without a stack trace and exits with {@link #exitCode()}.
 */
public final class UserError extends RuntimeException {
  private final String hint;
  private final int exitCode;

  public UserError(String message, String hint) {
    this(message, hint, 1);
  }

  public UserError(String message, String hint, int exitCode) {
    super(message);
    this.hint = hint == null ? "" : hint;
    this.exitCode = exitCode;
  }

  /** What the user can do; empty when there is nothing to add. */
  public String hint() { return hint; }

  public int exitCode() { return exitCode; }
}
