package dev.netkube.dns.corefile;

import java.util.ArrayList;
import java.util.List;

/**
 * Caddyfile words: split at white space; a word starting with {@code "} runs to the closing quote (spans lines,
 * {@code \"} escapes a quote); {@code #} at the start of a word comments out the rest of the line. Braces are
 * words only when they stand alone, as in Caddy ({@code foo{} is one word).
 */
final class Lexer {
  private Lexer() {}

  static List<Token> tokens(String file, String text) {
    List<Token> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int line = 1;
    int startLine = 1;
    int breaksInWord = 0;
    boolean quoted = false;
    boolean escaped = false;
    boolean comment = false;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\r') continue;
      if (quoted) {
        if (!escaped && ch == '\\') {
          escaped = true;
          continue;
        }
        if (!escaped && ch == '"') {
          quoted = false;
          out.add(new Token(word.toString(), file, startLine, breaksInWord));
          word.setLength(0);
          inWord = false;
          continue;
        }
        if (ch == '\n') {
          line++;
          breaksInWord++;
        }
        if (escaped && ch != '"') word.append('\\'); // only a quote is escaped; anything else keeps its backslash
        word.append(ch);
        escaped = false;
        continue;
      }
      if (Character.isWhitespace(ch)) {
        if (inWord) {
          out.add(new Token(word.toString(), file, startLine, 0));
          word.setLength(0);
          inWord = false;
        }
        if (ch == '\n') {
          line++;
          comment = false;
        }
        continue;
      }
      if (comment) continue;
      if (!inWord) {
        if (ch == '#') {
          comment = true;
          continue;
        }
        startLine = line;
        breaksInWord = 0;
        if (ch == '"') {
          quoted = true;
          inWord = true;
          continue;
        }
        inWord = true;
      }
      word.append(ch);
    }
    if (inWord) out.add(new Token(word.toString(), file, startLine, breaksInWord)); // an unclosed quote ends the file
    return out;
  }
}
