package dev.netkube.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.netkube.model.api.ApiException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the proto message of an apiVersion/kind among client-java-proto's generated descriptors. Proto packages end
 * in "{group's first DNS label}.{version}" (k8s.io.api.core.v1, k8s.io.api.rbac.v1,
 * k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1), with "core" for the legacy group.
 */
final class ProtoTypes {
  /** Outer classes of client-java-proto; their descriptors and dependencies hold every message it knows. */
  private static final List<String> OUTER_CLASSES = List.of(
      "IntStr", "Meta", "Resource", "Runtime", "RuntimeSchema", "V1", "V1Admission", "V1Admissionregistration",
      "V1Apps", "V1Authentication", "V1Authorization", "V1Autoscaling", "V1Batch", "V1Certificates", "V1Networking",
      "V1Policy", "V1Rbac", "V1Scheduling", "V1Storage", "V1alpha1Imagepolicy", "V1alpha1Rbac", "V1alpha1Scheduling",
      "V1beta1Admission", "V1beta1Admissionregistration", "V1beta1Apiextensions", "V1beta1Apps",
      "V1beta1Authentication", "V1beta1Authorization", "V1beta1Batch", "V1beta1Certificates", "V1beta1Extensions",
      "V1beta1Policy", "V1beta1Rbac", "V1beta1Storage", "V1beta2Apps", "V2beta1Autoscaling", "V2beta2Autoscaling");

  /** Kinds every group version registers from meta.k8s.io (metav1.AddToGroupVersion). */
  private static final Set<String> META_KINDS =
      Set.of("DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions", "ListOptions", "GetOptions", "Status");

  private static final Map<String, Descriptor> BY_KIND = index();

  private ProtoTypes() {}

  static Descriptor forKind(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    Descriptor d = BY_KIND.get(key(groupLabel(group), version, kind));
    if (d == null && META_KINDS.contains(kind)) d = BY_KIND.get(key("meta", "v1", kind));
    if (d == null) {
      String gv = group.isEmpty() ? version : group + "/" + version;
      throw ApiException.badRequest("no kind \"" + kind + "\" is registered for version \"" + gv
          + "\" in scheme \"k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30\"");
    }
    return d;
  }

  private static String groupLabel(String group) {
    if (group.isEmpty()) return "core";
    int dot = group.indexOf('.');
    return dot < 0 ? group : group.substring(0, dot);
  }

  private static String key(String groupLabel, String version, String kind) {
    return groupLabel + "/" + version + "/" + kind;
  }

  private static Map<String, Descriptor> index() {
    Map<String, Descriptor> out = new HashMap<>();
    Set<String> seen = new HashSet<>();
    Deque<FileDescriptor> todo = new ArrayDeque<>();
    for (String name : OUTER_CLASSES) todo.add(fileOf(name));
    while (!todo.isEmpty()) {
      FileDescriptor file = todo.pop();
      if (!seen.add(file.getName())) continue;
      todo.addAll(file.getDependencies());
      String[] parts = file.getPackage().split("\\.");
      if (parts.length < 2 || !parts[parts.length - 1].matches("v\\d+((alpha|beta)\\d+)?")) continue;
      String label = parts[parts.length - 2];
      String version = parts[parts.length - 1];
      for (Descriptor m : file.getMessageTypes()) out.putIfAbsent(key(label, version, m.getName()), m);
    }
    return Map.copyOf(out);
  }

  private static FileDescriptor fileOf(String outerClass) {
    try {
      return (FileDescriptor) Class.forName("io.kubernetes.client.proto." + outerClass)
          .getMethod("getDescriptor").invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("client-java-proto lacks " + outerClass, e);
    }
  }
}
