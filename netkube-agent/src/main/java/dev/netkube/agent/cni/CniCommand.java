package dev.netkube.agent.cni;

/** CNI_COMMAND values, and the verb libcni prints for each in its errors ("failed (add)"). */
public enum CniCommand {
  ADD("add"), DEL("delete"), CHECK("check"), VERSION("version");

  private final String verb;

  CniCommand(String verb) { this.verb = verb; }

  public String verb() { return verb; }
}
