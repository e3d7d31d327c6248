package dev.netkube.dns.corefile;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks one directive's tokens the way Caddy's dispenser does, for the plugins' setups: {@link #next} to the next
 * token anywhere, {@link #nextArg} to the next one on the same line, {@link #nextBlock} into and through a
 * {@code { ... }} block. Errors carry the current token's file and line in Caddy's words.
 */
public final class Dispenser {
  private final String file;
  private final List<Token> tokens;
  private int cursor = -1;
  private int nesting;

  public Dispenser(String file, List<Token> tokens) {
    this.file = file;
    this.tokens = List.copyOf(tokens);
  }

  public boolean next() {
    if (cursor < tokens.size() - 1) {
      cursor++;
      return true;
    }
    return false;
  }

  /** The next token if it is on the current token's line. */
  public boolean nextArg() {
    if (cursor < 0 || cursor >= tokens.size() - 1) return false;
    Token here = tokens.get(cursor);
    Token after = tokens.get(cursor + 1);
    if (here.file().equals(after.file()) && here.lastLine() == after.line()) {
      cursor++;
      return true;
    }
    return false;
  }

  /** The next line of a block opened at the end of the current line; false at its closing brace or without one. */
  public boolean nextBlock() {
    if (nesting > 0) {
      if (!next()) return false;
      if (val().equals("}")) {
        nesting--;
        return false;
      }
      return true;
    }
    if (!nextArg()) return false;
    if (!val().equals("{")) {
      cursor--;
      return false;
    }
    next();
    if (val().equals("}")) return false;
    nesting++;
    return true;
  }

  /** The rest of the current line's arguments, stopping before an opening brace. */
  public List<String> remainingArgs() {
    List<String> args = new ArrayList<>();
    while (nextArg()) {
      if (val().equals("{")) {
        cursor--;
        break;
      }
      args.add(val());
    }
    return args;
  }

  public String val() { return cursor < 0 || cursor >= tokens.size() ? "" : tokens.get(cursor).text(); }

  public int line() { return cursor < 0 || cursor >= tokens.size() ? 0 : tokens.get(cursor).line(); }

  public String file() { return cursor < 0 || cursor >= tokens.size() ? file : tokens.get(cursor).file(); }

  public CorefileException err(String message) { return CorefileException.at(file(), line(), message); }

  public CorefileException errf(String format, Object... args) { return err(String.format(format, args)); }

  /** Caddy's ArgErr: too many or too few arguments on this line. */
  public CorefileException argErr() {
    if (val().equals("{")) return err("Unexpected token '{', expecting argument");
    return errf("Wrong argument count or unexpected line ending after '%s'", val());
  }

  public CorefileException syntaxErr(String expected) {
    return errf("Syntax error: Unexpected token '%s', expecting '%s'", val(), expected);
  }

  public CorefileException eofErr() { return err("Unexpected EOF"); }
}
