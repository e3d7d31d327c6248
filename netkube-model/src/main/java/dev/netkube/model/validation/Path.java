package dev.netkube.model.validation;

/** A field path rendered as upstream's field.Path: "spec.ports[0].name", "data[key]". */
public record Path(String text) {
  public static final Path ROOT = new Path("");

  public static Path of(String first, String... more) {
    Path p = ROOT.child(first);
    for (String m : more) p = p.child(m);
    return p;
  }

  public Path child(String name) { return new Path(text.isEmpty() ? name : text + "." + name); }

  public Path index(int i) { return new Path(text + "[" + i + "]"); }

  public Path key(String k) { return new Path(text + "[" + k + "]"); }

  @Override
  public String toString() { return text; }
}
