package dev.netkube.model.select;

/** A selector that does not parse or validate; the message is upstream's, for a 400 BadRequest. */
public final class SelectorException extends IllegalArgumentException {
  public SelectorException(String message) { super(message); }
}
