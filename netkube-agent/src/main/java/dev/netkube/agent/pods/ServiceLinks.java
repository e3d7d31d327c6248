package dev.netkube.agent.pods;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service environment variables kubelet gives every container (pkg/kubelet/envvars): for each
 * service with a cluster IP in the pod's namespace (when enableServiceLinks, the default) and the
 * {@code kubernetes} service of {@code default} always, {@code <NAME>_SERVICE_HOST},
 * {@code <NAME>_SERVICE_PORT[_<PORT NAME>]} and Docker's link variables {@code <NAME>_PORT...}.
 * Pure.
 */
public final class ServiceLinks {
  private ServiceLinks() {}

  public static Map<String, String> variables(List<Service> services, String namespace, boolean enableServiceLinks) {
    Map<String, Service> byName = new LinkedHashMap<>();
    for (Service s : services) {
      String ns = s.getMetadata().getNamespace();
      String name = s.getMetadata().getName();
      if (!hasClusterIp(s)) continue;
      // the pod's namespace wins over default for the same name, as kubelet's map does
      if ("default".equals(ns) && "kubernetes".equals(name)) byName.putIfAbsent(name, s);
      if (enableServiceLinks && namespace.equals(ns)) byName.put(name, s);
    }
    List<Service> chosen = new ArrayList<>(byName.values());
    chosen.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    Map<String, String> out = new LinkedHashMap<>();
    for (Service s : chosen) addService(out, s);
    return out;
  }

  private static boolean hasClusterIp(Service s) {
    String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
    return ip != null && !ip.isEmpty() && !ip.equals("None");
  }

  private static void addService(Map<String, String> out, Service s) {
    String name = s.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
    String ip = s.getSpec().getClusterIP();
    List<ServicePort> ports = s.getSpec().getPorts();
    out.put(name + "_SERVICE_HOST", ip);
    if (ports.isEmpty()) return;
    out.put(name + "_SERVICE_PORT", Integer.toString(ports.get(0).getPort()));
    for (ServicePort p : ports) {
      if (p.getName() != null && !p.getName().isEmpty()) {
        out.put(name + "_SERVICE_PORT_" + p.getName().toUpperCase(Locale.ROOT).replace('-', '_'), Integer.toString(p.getPort()));
      }
    }
    ServicePort first = ports.get(0);
    out.put(name + "_PORT", protocol(first) + "://" + hostPort(ip, first.getPort()));
    for (ServicePort p : ports) {
      String proto = protocol(p);
      String prefix = name + "_PORT_" + p.getPort() + "_" + proto.toUpperCase(Locale.ROOT);
      out.put(prefix, proto + "://" + hostPort(ip, p.getPort()));
      out.put(prefix + "_PROTO", proto);
      out.put(prefix + "_PORT", Integer.toString(p.getPort()));
      out.put(prefix + "_ADDR", ip);
    }
  }

  private static String protocol(ServicePort p) {
    return (p.getProtocol() == null ? "TCP" : p.getProtocol()).toLowerCase(Locale.ROOT);
  }

  private static String hostPort(String ip, int port) { return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port; }
}
