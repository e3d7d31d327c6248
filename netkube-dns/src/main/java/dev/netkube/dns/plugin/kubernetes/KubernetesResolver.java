package dev.netkube.dns.plugin.kubernetes;

import dev.netkube.dns.plugin.Zones;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Endpoint;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Kind;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Pod;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Port;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Service;
import dev.netkube.dns.plugin.kubernetes.KubernetesConfig.PodMode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The Kubernetes DNS-Based Service Discovery spec (schema 1.1.0) as CoreDNS's kubernetes plugin answers it, over
 * one {@link ClusterIndex}: {@code svc.ns.svc.zone} (cluster IPs, or each ready endpoint when headless, or a CNAME
 * for ExternalName), {@code endpoint.svc.ns.svc.zone}, {@code _port._proto.svc.ns.svc.zone} SRV, PTR for cluster
 * IPs and endpoints, {@code a-b-c-d.ns.pod.zone}, {@code dns-version.zone} TXT. Pure: no I/O, no clock.
 */
public final class KubernetesResolver {
  public static final String SCHEMA_VERSION = "1.1.0";

  /** One answer candidate, CoreDNS's msg.Service: the name it lives at, an IP or a target name, a port. */
  record Item(String domain, String host, int port, boolean ip) {}

  private final KubernetesConfig config;

  public KubernetesResolver(KubernetesConfig config) { this.config = config; }

  /**
   * @param qname the name as asked (its case is kept in answers)
   * @param name  the same in lower case with the trailing dot
   * @param zone  the plugin zone {@code name} falls in
   */
  public Resolution resolve(ClusterIndex index, Name qname, String name, int qtype, String zone) {
    int ttl = config.ttl();
    if (qtype == Type.AXFR || qtype == Type.IXFR) return new Resolution.Refused();
    if (qtype == Type.SOA) {
      return name.equals(zone) ? found(List.of(soa(index, zoneName(qname, zone), zone))) : new Resolution.NoData();
    }
    if (qtype == Type.NS && name.equals(zone)) {
      Name ns = name("ns.dns." + zone);
      List<Record> extra = new ArrayList<>();
      for (String ip : nameserverIps(index)) address(ns, ip, ttl).ifPresent(extra::add);
      return new Resolution.Found(List.of(new NSRecord(qname, DClass.IN, ttl, ns)), extra, Optional.empty());
    }
    if (qtype == Type.PTR) return reverse(index, qname, name, zone);
    if (name.equals("ns.dns." + zone) && (qtype == Type.A || qtype == Type.AAAA)) {
      List<Record> answer = new ArrayList<>();
      for (String ip : nameserverIps(index)) address(qname, ip, ttl).filter(r -> r.getType() == qtype).ifPresent(answer::add);
      return answer.isEmpty() ? new Resolution.NoData() : found(answer);
    }
    if (qtype == Type.TXT) {
      if (name.equals("dns-version." + zone)) {
        return found(List.of(new TXTRecord(qname, DClass.IN, 28800, SCHEMA_VERSION)));
      }
      Optional<List<Item>> items = records(index, name, zone);
      if (items.isEmpty()) return new Resolution.NameError();
      return new Resolution.NoData();
    }
    Optional<List<Item>> found = records(index, name, zone);
    if (found.isEmpty()) return new Resolution.NameError();
    List<Item> items = found.get();
    return switch (qtype) {
      case Type.A, Type.AAAA -> addresses(index, qname, name, qtype, zone, items, 0);
      case Type.CNAME -> {
        List<Record> answer = new ArrayList<>();
        for (Item i : items) if (!i.ip()) answer.add(new CNAMERecord(qname, DClass.IN, ttl, name(i.host())));
        yield answer.isEmpty() ? new Resolution.NoData() : found(answer);
      }
      case Type.SRV -> srv(qname, items);
      default -> new Resolution.NoData(); // the name exists (records() said so), not with this type
    };
  }

  private Resolution addresses(ClusterIndex index, Name qname, String name, int qtype, String zone, List<Item> items,
                               int depth) {
    List<Record> answer = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Optional<Name> outside = Optional.empty();
    for (Item i : items) {
      if (i.ip()) {
        if (seen.add(i.host())) address(qname, i.host(), config.ttl()).filter(r -> r.getType() == qtype).ifPresent(answer::add);
        continue;
      }
      String target = fqdn(i.host());
      if (target.equals(name) || depth > 7) continue; // x CNAME x is a loop; CoreDNS follows at most 8
      Name targetName = name(target);
      CNAMERecord cname = new CNAMERecord(qname, DClass.IN, config.ttl(), targetName);
      Optional<String> targetZone = Zones.match(config.zones(), target);
      if (targetZone.isPresent()) {
        Optional<List<Item>> next = records(index, target, targetZone.get());
        if (next.isPresent()) {
          Resolution r = addresses(index, targetName, target, qtype, targetZone.get(), next.get(), depth + 1);
          if (r instanceof Resolution.Found f && !f.answer().isEmpty()) {
            answer.add(cname);
            answer.addAll(f.answer());
          }
        }
        continue;
      }
      answer.add(cname);
      outside = Optional.of(targetName);
    }
    if (answer.isEmpty()) return new Resolution.NoData();
    return new Resolution.Found(answer, List.of(), outside);
  }

  private Resolution srv(Name qname, List<Item> items) {
    List<Item> usable = items.stream().filter(Item::ip).toList();
    int total = usable.size(); // CoreDNS divides 100 by all candidates of the priority, before dropping duplicates
    List<Record> answer = new ArrayList<>();
    List<Record> extra = new ArrayList<>();
    Set<String> seenSrv = new LinkedHashSet<>();
    Set<String> seenAddress = new LinkedHashSet<>();
    int weight = total == 0 ? 0 : Math.max(1, (int) Math.floor(100.0 / total));
    for (Item i : usable) {
      if (i.port() == -1) continue;
      Name target = name(i.domain());
      if (seenSrv.add(i.domain() + " " + i.port())) {
        answer.add(new SRVRecord(qname, DClass.IN, config.ttl(), 0, weight, i.port(), target));
      }
      if (seenAddress.add(i.domain() + " " + i.host())) address(target, i.host(), config.ttl()).ifPresent(extra::add);
    }
    if (answer.isEmpty()) return new Resolution.NoData();
    return new Resolution.Found(answer, extra, Optional.empty());
  }

  /**
   * CoreDNS's Records: the candidates for a forward name, empty list for a name that exists without any (NODATA),
   * empty Optional for one that does not exist (NXDOMAIN).
   */
  Optional<List<Item>> records(ClusterIndex index, String name, String zone) {
    String base = name.equals(zone) ? "" : name.substring(0, name.length() - zone.length() - (zone.equals(".") ? 0 : 1));
    if (base.endsWith(".")) base = base.substring(0, base.length() - 1);
    if (base.isEmpty() || base.equals("svc") || base.equals("pod")) return Optional.of(List.of());
    String[] labels = base.split("\\.", -1);
    int last = labels.length - 1;
    String podOrSvc = labels[last--];
    if (!podOrSvc.equals("svc") && !podOrSvc.equals("pod")) return Optional.empty();
    String namespace = labels[last--];
    String service = last >= 0 ? labels[last--] : "";
    String endpoint = "";
    String port = "";
    String protocol = "";
    if (last == 0) {
      endpoint = labels[0];
    } else if (last == 1) {
      protocol = stripUnderscore(labels[1]);
      port = stripUnderscore(labels[0]);
    } else if (last > 1) {
      return Optional.empty(); // too long to be anything
    }
    if (!namespaceExposed(index, namespace)) return Optional.empty();
    if (podOrSvc.equals("pod")) return pods(index, namespace, service, endpoint, zone);
    return services(index, namespace, service, endpoint, port, protocol, zone);
  }

  private Optional<List<Item>> services(ClusterIndex index, String namespace, String serviceName, String endpoint,
                                        String port, String protocol, String zone) {
    if (serviceName.isEmpty()) return Optional.of(List.of()); // <ns>.svc.<zone>: NODATA
    Optional<Service> found = index.service(namespace, serviceName);
    if (found.isEmpty()) return Optional.empty();
    Service svc = found.get();
    String domain = svc.name() + "." + svc.namespace() + ".svc." + zone;
    List<Item> out = new ArrayList<>();
    if (svc.kind() == Kind.EXTERNAL_NAME) {
      if (!endpoint.isEmpty() || svc.externalName().isEmpty()) return Optional.empty();
      out.add(new Item(domain, svc.externalName(), -1, false));
      return Optional.of(out);
    }
    List<Endpoint> endpoints = config.noEndpoints() ? List.of() : index.endpoints(svc.namespace(), svc.name());
    if (config.ignoreEmptyService() && svc.kind() == Kind.CLUSTER_IP && endpoints.isEmpty()) return Optional.empty();
    if (svc.kind() == Kind.HEADLESS || !endpoint.isEmpty()) {
      for (Endpoint e : endpoints) {
        String host = endpointHostname(e);
        if (!endpoint.isEmpty() && !endpoint.equals(host)) continue;
        for (Port p : e.ports()) {
          if (!matches(port, p.name()) || !matches(protocol, p.protocol())) continue;
          out.add(new Item(host + "." + domain, e.ip(), p.port(), true));
        }
      }
      return out.isEmpty() ? Optional.empty() : Optional.of(out); // a headless service with none ready: NXDOMAIN
    }
    for (Port p : svc.ports()) {
      if (!matches(port, p.name()) || !matches(protocol, p.protocol())) continue;
      for (String ip : svc.clusterIps()) out.add(new Item(domain, ip, p.port(), true));
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  private Optional<List<Item>> pods(ClusterIndex index, String namespace, String podName, String endpoint, String zone) {
    if (config.pods() == PodMode.DISABLED || !endpoint.isEmpty()) return Optional.empty();
    if (podName.isEmpty()) return Optional.of(List.of());
    String ip = podName.chars().filter(ch -> ch == '-').count() == 3 && !podName.contains("--")
        ? podName.replace('-', '.') : podName.replace('-', ':');
    Optional<InetAddress> parsed = literal(ip);
    if (parsed.isEmpty()) return Optional.empty();
    String canonical = parsed.get().getHostAddress();
    String domain = podName + "." + namespace + ".pod." + zone;
    if (config.pods() == PodMode.INSECURE) return Optional.of(List.of(new Item(domain, canonical, -1, true)));
    for (Pod p : index.podsByIp(canonical)) {
      if (p.namespace().equals(namespace)) return Optional.of(List.of(new Item(domain, canonical, -1, true)));
    }
    return Optional.empty();
  }

  private Resolution reverse(ClusterIndex index, Name qname, String name, String zone) {
    Optional<String> ip = addressFromReverse(name);
    if (ip.isEmpty()) {
      Optional<List<Item>> items = records(index, name, zone);
      return items.isEmpty() ? new Resolution.NameError() : new Resolution.NoData();
    }
    List<Record> answer = new ArrayList<>();
    String primary = config.primaryZone();
    Optional<Service> svc = index.serviceByIp(ip.get()).filter(s -> namespaceExposed(index, s.namespace()));
    if (svc.isPresent()) {
      answer.add(new PTRRecord(qname, DClass.IN, config.ttl(), name(svc.get().name() + "." + svc.get().namespace() + ".svc." + primary)));
      return found(answer);
    }
    for (ClusterIndex.ServiceEndpoint se : index.endpointsByIp(ip.get())) {
      if (!namespaceExposed(index, se.namespace())) continue;
      answer.add(new PTRRecord(qname, DClass.IN, config.ttl(),
          name(endpointHostname(se.endpoint()) + "." + se.service() + "." + se.namespace() + ".svc." + primary)));
    }
    return answer.isEmpty() ? new Resolution.NameError() : found(answer);
  }

  /** The zone's SOA as CoreDNS writes it: header TTL min(ttl, 300), MINIMUM the ttl. */
  public Record soa(ClusterIndex index, Name owner, String zone) {
    long ttl = Math.min(config.ttl(), 300);
    return new SOARecord(owner, DClass.IN, ttl, name("ns.dns." + zone), name("hostmaster." + zone), index.modified(),
        7200, 1800, 86400, config.ttl());
  }

  /** The zone as written in the question (CoreDNS keeps the query's case). */
  public static Name zoneName(Name qname, String zone) {
    String q = qname.toString();
    return name(zone.equals(".") ? "." : q.substring(q.length() - zone.length()));
  }

  /** CoreDNS's endpointHostname: the endpoint's hostname, its pod's name (endpoint_pod_names), else the dashed IP. */
  String endpointHostname(Endpoint e) {
    if (e.hostname().isPresent() && !e.hostname().get().isEmpty()) return e.hostname().get();
    if (config.endpointPodNames() && e.podName().isPresent() && e.podName().get().length() <= 63) return e.podName().get();
    return e.ip().contains(":") ? e.ip().replace(':', '-') : e.ip().replace('.', '-');
  }

  private boolean namespaceExposed(ClusterIndex index, String namespace) {
    return config.namespaceConfigured(namespace) && index.namespaceExists(namespace);
  }

  private List<String> nameserverIps(ClusterIndex index) {
    return index.service("kube-system", "kube-dns").map(Service::clusterIps).orElse(List.of());
  }

  private static boolean matches(String asked, String have) {
    return asked.isEmpty() || asked.equals("*") || asked.equals("any") || asked.equalsIgnoreCase(have);
  }

  private static String stripUnderscore(String s) { return s.startsWith("_") ? s.substring(1) : s; }

  private static Resolution found(List<Record> answer) { return new Resolution.Found(answer, List.of(), Optional.empty()); }

  static Optional<Record> address(Name owner, String ip, long ttl) {
    Optional<InetAddress> a = literal(ip);
    if (a.isEmpty()) return Optional.empty();
    return Optional.of(a.get().getAddress().length == 4 ? new ARecord(owner, DClass.IN, ttl, a.get())
        : new AAAARecord(owner, DClass.IN, ttl, a.get()));
  }

  /** An IP literal, never a host name lookup. */
  static Optional<InetAddress> literal(String ip) {
    if (ip.isEmpty() || !(ip.contains(":") || ip.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)))) return Optional.empty();
    if (!ip.contains(":") && ip.split("\\.", -1).length != 4) return Optional.empty();
    try {
      return Optional.of(InetAddress.getByName(ip));
    } catch (UnknownHostException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The address a full reverse name stands for ({@code 4.3.2.1.in-addr.arpa.} → 1.2.3.4), if it is one. */
  static Optional<String> addressFromReverse(String name) {
    if (name.endsWith(".in-addr.arpa.")) {
      String[] l = name.substring(0, name.length() - ".in-addr.arpa.".length()).split("\\.");
      if (l.length != 4) return Optional.empty();
      String ip = l[3] + "." + l[2] + "." + l[1] + "." + l[0];
      return literal(ip).map(InetAddress::getHostAddress);
    }
    if (name.endsWith(".ip6.arpa.")) {
      String[] l = name.substring(0, name.length() - ".ip6.arpa.".length()).split("\\.");
      if (l.length != 32) return Optional.empty();
      StringBuilder sb = new StringBuilder();
      for (int i = 31; i >= 0; i--) {
        sb.append(l[i]);
        if (i % 4 == 0 && i > 0) sb.append(':');
      }
      return literal(sb.toString()).map(InetAddress::getHostAddress);
    }
    return Optional.empty();
  }

  private static String fqdn(String s) { return s.endsWith(".") ? s.toLowerCase() : s.toLowerCase() + "."; }

  static Name name(String s) {
    try {
      return Name.fromString(s.endsWith(".") ? s : s + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + s, e);
    }
  }
}
