package dev.netkube.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The state folder ($NETKUBE_HOME, default ~/.netkube) and the files netkube keeps in it.
 *
 * @param dir the folder itself
 */
public record NetkubeHome(Path dir) {

  public NetkubeHome {
    dir = dir.toAbsolutePath().normalize();
  }

  /** $NETKUBE_HOME when set and not empty, else ~/.netkube. */
  public static NetkubeHome from(Map<String, String> env, Path userHome) {
    String value = env.getOrDefault("NETKUBE_HOME", "");
    return new NetkubeHome(value.isBlank() ? userHome.resolve(".netkube") : Path.of(value));
  }

  public static NetkubeHome fromEnvironment() {
    return from(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The pid of the running server, one decimal number. */
  public Path pidFile() { return dir.resolve("server.pid"); }

  /** What the running server serves (endpoint, store), written by the server at start. */
  public Path serverInfoFile() { return dir.resolve("server.json"); }

  public Path logsDir() { return dir.resolve("logs"); }

  public Path serverLog() { return logsDir().resolve("server.log"); }

  /** netkube's own kubeconfig, holding only the netkube context. */
  public Path kubeconfig() { return dir.resolve("kubeconfig"); }

  public Path pkiDir() { return dir.resolve("pki"); }

  /** A node agent's own state: its credentials, CNI files, pods' files and logs. */
  public Path nodeDir(String node) { return dir.resolve("nodes").resolve(node); }

  /** What {@code up} made of the cluster's network (see cluster.LayoutState). */
  public Path layoutFile() { return dir.resolve("layout.json"); }

  /** The node agents' pid files, one per node: agents/node-1.pid. */
  public Path agentsDir() { return dir.resolve("agents"); }

  public Path agentPidFile(String node) { return agentsDir().resolve(node + ".pid"); }

  public Path agentLog(String node) { return logsDir().resolve("agent-" + node + ".log"); }

  public Path caCertificate() { return pkiDir().resolve("ca.crt"); }

  public Path adminCertificate() { return pkiDir().resolve("admin.crt"); }

  public Path adminKey() { return pkiDir().resolve("admin.key"); }
}
