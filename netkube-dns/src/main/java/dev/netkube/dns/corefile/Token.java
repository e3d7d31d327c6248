package dev.netkube.dns.corefile;

/**
 * One word of a Corefile: its text (quotes removed), the file and line it starts on, and how many line breaks a
 * quoted word spans, so that "the same line" means what it does in Caddy.
 */
public record Token(String text, String file, int line, int lineBreaks) {
  public Token withText(String newText) { return new Token(newText, file, line, lineBreaks); }

  public Token inFile(String newFile) { return new Token(text, newFile, line, lineBreaks); }

  /** The line this token ends on. */
  int lastLine() { return line + lineBreaks; }
}
