package dev.netkube.model.table;

/** A metav1.TableColumnDefinition; priority 0 shows always, else only with -o wide. */
public record Column(String name, String type, String format, String description, int priority) {
  public static Column of(String name, String type, String description) {
    return new Column(name, type, "", description, 0);
  }

  public static Column wide(String name, String type, String description) {
    return new Column(name, type, "", description, 1);
  }
}
