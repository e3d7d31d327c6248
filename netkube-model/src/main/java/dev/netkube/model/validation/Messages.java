package dev.netkube.model.validation;

/** Upstream's message builders (apimachinery util/validation): the exact text kubectl shows. */
public final class Messages {
  public static final String FIELD_IMMUTABLE = "field is immutable";
  public static final String IS_NEGATIVE = "must be greater than or equal to 0";

  private Messages() {}

  public static String maxLen(int length) {
    return "must be no more than " + length + " characters";
  }

  public static String inclusiveRange(long lo, long hi) {
    return "must be between " + lo + " and " + hi + ", inclusive";
  }

  public static String empty() {
    return "must be non-empty";
  }

  /** Upstream's RegexError, including its quirky "'a',  or 'b', " spacing between examples. */
  public static String regex(String msg, String regex, String... examples) {
    if (examples.length == 0) return msg + " (regex used for validation is '" + regex + "')";
    StringBuilder b = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) b.append(" or ");
      b.append('\'').append(examples[i]).append("', ");
    }
    return b.append("regex used for validation is '").append(regex).append("')").toString();
  }
}
