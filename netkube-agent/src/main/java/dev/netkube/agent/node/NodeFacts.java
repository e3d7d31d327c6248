package dev.netkube.agent.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What this agent reports about its node, read once from the machine (/proc, /etc/os-release, the
 * state folder's file system); only the network's readiness changes. Every node of a netkube
 * cluster shares one kernel, so the machine ID is derived from the node name to stay unique.
 */
public final class NodeFacts {
  public static final String KUBELET_VERSION = "v1.32.0";
  public static final String RUNTIME_VERSION = "netkube://0.1.0";

  private final String nodeName;
  private final String internalIp;
  private final int kubeletPort;
  private final int cpus;
  private final long memoryBytes;
  private final long storageBytes;
  private final String kernel;
  private final String osImage;
  private final String bootId;
  private volatile boolean networkReady;

  public NodeFacts(String nodeName, String internalIp, int kubeletPort, Path stateDir) {
    this.nodeName = nodeName;
    this.internalIp = internalIp;
    this.kubeletPort = kubeletPort;
    this.cpus = Runtime.getRuntime().availableProcessors();
    this.memoryBytes = memTotal();
    this.storageBytes = storage(stateDir);
    this.kernel = read("/proc/sys/kernel/osrelease", "unknown");
    this.osImage = osImage();
    this.bootId = read("/proc/sys/kernel/random/boot_id", UUID.randomUUID().toString());
  }

  public String nodeName() { return nodeName; }

  public String internalIp() { return internalIp; }

  public void networkReady(boolean ready) { networkReady = ready; }

  public NodeStatusBuilder.Facts current() {
    String machineId = UUID.nameUUIDFromBytes(("netkube-node:" + nodeName).getBytes(StandardCharsets.UTF_8))
        .toString().replace("-", "");
    return new NodeStatusBuilder.Facts(nodeName, internalIp, nodeName, cpus, memoryBytes, storageBytes, kubeletPort,
        KUBELET_VERSION, RUNTIME_VERSION, kernel, osImage, machineId, bootId, networkReady);
  }

  private static long memTotal() {
    for (String line : read("/proc/meminfo", "").split("\n")) {
      if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
    }
    return Runtime.getRuntime().maxMemory();
  }

  private static long storage(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.getFileStore(dir).getTotalSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String osImage() {
    for (String line : read("/etc/os-release", "").split("\n")) {
      if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "");
    }
    return "Linux";
  }

  private static String read(String file, String fallback) {
    try {
      return Files.readString(Path.of(file)).strip();
    } catch (IOException e) {
      return fallback;
    }
  }
}
