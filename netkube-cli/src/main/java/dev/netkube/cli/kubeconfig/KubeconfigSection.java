package dev.netkube.cli.kubeconfig;

/** The three named lists of a kubeconfig: each item is {@code {name: ..., <field>: {...}}}. */
public enum KubeconfigSection {
  CLUSTERS("clusters", "cluster"),
  USERS("users", "user"),
  CONTEXTS("contexts", "context");

  private final String listField;
  private final String itemField;

  KubeconfigSection(String listField, String itemField) {
    this.listField = listField;
    this.itemField = itemField;
  }

  public String listField() { return listField; }

  public String itemField() { return itemField; }
}
