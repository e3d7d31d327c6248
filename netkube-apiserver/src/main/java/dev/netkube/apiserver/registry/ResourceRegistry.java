package dev.netkube.apiserver.registry;

import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.ResourceType;
import dev.netkube.model.crd.CrdStrategy;
import dev.netkube.model.strategy.ResourceStrategy;
import dev.netkube.model.strategy.Strategies;
import dev.netkube.model.table.TablePrinters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every resource the server serves right now: the built-ins, plus the custom resources of the
 * CRDs that are established. Thread-safe; {@link #generation()} changes whenever the set changes
 * so discovery documents can be cached.
 */
public final class ResourceRegistry {
  private final List<ServedResource> builtins = new ArrayList<>();
  private final Map<String, List<ServedResource>> customByCrd = new LinkedHashMap<>();
  private volatile List<ServedResource> all;
  private final AtomicLong generation = new AtomicLong();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public ResourceRegistry() {
    for (ResourceType t : BuiltinResources.all()) {
      ResourceStrategy strategy = t.kind().equals("CustomResourceDefinition") ? CrdStrategy.INSTANCE : Strategies.forType(t);
      builtins.add(new ServedResource(t, strategy, TablePrinters.forType(t), false));
    }
    all = List.copyOf(builtins);
  }

  public List<ServedResource> all() { return all; }

  public long generation() { return generation.get(); }

  public void onChange(Runnable listener) { listeners.add(listener); }

  public Optional<ServedResource> find(String group, String version, String plural) {
    for (ServedResource r : all) {
      ResourceType t = r.type();
      if (t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural)) return Optional.of(r);
    }
    return Optional.empty();
  }

  public Optional<ServedResource> findKind(String group, String version, String kind) {
    for (ServedResource r : all) {
      ResourceType t = r.type();
      if (t.group().equals(group) && t.version().equals(version) && t.kind().equals(kind)) return Optional.of(r);
    }
    return Optional.empty();
  }

  /** Replaces the resources served for one CRD (empty list: stop serving them). */
  public synchronized void setCustom(String crdName, List<ServedResource> resources) {
    if (resources.isEmpty()) customByCrd.remove(crdName); else customByCrd.put(crdName, List.copyOf(resources));
    List<ServedResource> next = new ArrayList<>(builtins);
    customByCrd.values().forEach(next::addAll);
    all = List.copyOf(next);
    generation.incrementAndGet();
    listeners.forEach(Runnable::run);
  }

  /** Group versions in discovery order: core first, then groups as first seen. */
  public List<String> groupVersions() {
    List<String> gvs = new ArrayList<>();
    for (ServedResource r : all) {
      String gv = r.type().apiVersion();
      if (!gvs.contains(gv)) gvs.add(gv);
    }
    return gvs;
  }
}
