package dev.netkube.agent.runtime.podfiles;

import dev.netkube.agent.runtime.Mount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a pod's /etc/resolv.conf, /etc/hosts and /etc/hostname into the pod's directory on the node and gives the
 * mounts every container of the pod gets (kubelet mounts them read-write; so do we: a container may edit its hosts).
 */
public final class PodFilesWriter {
  private PodFilesWriter() {}

  public static List<Mount> write(Path podDir, String resolvConf, String hosts, String hostname) throws IOException {
    Files.createDirectories(podDir);
    Path resolv = podDir.resolve("resolv.conf");
    Path hostsFile = podDir.resolve("etc-hosts");
    Path hostnameFile = podDir.resolve("hostname");
    Files.writeString(resolv, resolvConf, StandardCharsets.UTF_8);
    Files.writeString(hostsFile, hosts, StandardCharsets.UTF_8);
    Files.writeString(hostnameFile, hostname + "\n", StandardCharsets.UTF_8);
    return List.of(Mount.readWrite(resolv, "/etc/resolv.conf"), Mount.readWrite(hostsFile, "/etc/hosts"),
        Mount.readWrite(hostnameFile, "/etc/hostname"));
  }
}
