package dev.netkube.agent.volumes;

import io.fabric8.kubernetes.api.model.Volume;

/** What kubelet's volume plugin a pod volume is, and where the plugin keeps it under the pod's folder. */
public sealed interface VolumeKind {
  /** Files from the API (configMap, secret, downwardAPI, projected), written by the atomic writer; always read-only. */
  record ApiData(String plugin) implements VolumeKind {}

  /** An empty directory for the pod's life; {@code memory}: medium Memory (tmpfs). */
  record EmptyDir(boolean memory) implements VolumeKind {}

  /** A path of the node (here: of the machine), checked or created as its type says. */
  record HostPath(String path, String type) implements VolumeKind {}

  /** A volume type netkube has no plugin for. */
  record Unsupported(String type) implements VolumeKind {}

  static VolumeKind of(Volume v) {
    if (v.getConfigMap() != null) return new ApiData("kubernetes.io~configmap");
    if (v.getSecret() != null) return new ApiData("kubernetes.io~secret");
    if (v.getDownwardAPI() != null) return new ApiData("kubernetes.io~downward-api");
    if (v.getProjected() != null) return new ApiData("kubernetes.io~projected");
    if (v.getHostPath() != null) {
      return new HostPath(v.getHostPath().getPath(), v.getHostPath().getType() == null ? "" : v.getHostPath().getType());
    }
    if (v.getEmptyDir() != null) return new EmptyDir("Memory".equals(v.getEmptyDir().getMedium()));
    if (v.getPersistentVolumeClaim() != null) return new Unsupported("persistentVolumeClaim");
    if (v.getNfs() != null) return new Unsupported("nfs");
    if (v.getCsi() != null) return new Unsupported("csi");
    if (v.getEphemeral() != null) return new Unsupported("ephemeral");
    return new EmptyDir(false); // the API defaults a volume without a source to emptyDir
  }

  /** The plugin's folder name under pods/<uid>/volumes/, as kubelet names it. */
  static String pluginDir(VolumeKind k) {
    if (k instanceof ApiData a) return a.plugin();
    if (k instanceof EmptyDir) return "kubernetes.io~empty-dir";
    if (k instanceof HostPath) return "kubernetes.io~host-path";
    return "kubernetes.io~" + ((Unsupported) k).type();
  }
}
