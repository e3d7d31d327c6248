package dev.netkube.model;

/** Go's %q of a string (strconv.Quote), so that messages read exactly as Kubernetes' Go code words them. */
public final class GoQuote {
  private GoQuote() {}

  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        case 7 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case 11 -> b.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", c));
          else if (!Character.isDefined(c) || Character.getType(c) == Character.CONTROL) b.append(String.format("\\u%04x", c));
          else b.appendCodePoint(c);
        }
      }
    });
    return b.append('"').toString();
  }
}
