package dev.netkube.controllers.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shrinks a freshly decoded fabric8 object before an informer caches it. fabric8's model classes
 * give every object an empty {@code additionalProperties} LinkedHashMap and every list field an
 * empty ArrayList, and Jackson makes a new String for every value: at 50,000 cached pods that was
 * 1.8 million empty maps, 1.9 million lists and 4.3 million strings, two thirds of the heap. Empty
 * maps and lists become shared immutable empties, and short strings that repeat ("True",
 * "Running", label values, timestamps of the same second) one shared instance each.
 *
 * <p>Only cached objects are compacted, and nothing mutates a cached object (controllers copy
 * through builders, whose collections are their own).
 */
public final class ObjectCompactor {
  private static final int MAX_SHARED_LENGTH = 64;
  private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
    @Override
    protected Field[] computeValue(Class<?> type) { return compactableFields(type); }
  };

  /** A fixed-size table of shared strings: a repeat finds its twin, a one-off takes a slot (racy but safe: Strings are immutable). */
  private final String[] strings = new String[1 << 17];

  /** Compacts {@code obj} and what it holds, in place. */
  public void compact(Object obj) {
    compact(obj, new IdentityHashMap<>());
  }

  String share(String s) {
    if (s == null || s.length() > MAX_SHARED_LENGTH) return s;
    int slot = s.hashCode() & (strings.length - 1);
    String known = strings[slot];
    if (s.equals(known)) return known;
    strings[slot] = s;
    return s;
  }

  private void compact(Object obj, IdentityHashMap<Object, Boolean> seen) {
    if (obj == null || !isModel(obj.getClass()) || seen.put(obj, Boolean.TRUE) != null) return;
    for (Field f : FIELDS.get(obj.getClass())) {
      try {
        Object value = f.get(obj);
        Object compacted = compactValue(value, seen);
        if (compacted != value) f.set(obj, compacted);
      } catch (IllegalAccessException | IllegalArgumentException e) {
        // a field we cannot rewrite stays as it is
      }
    }
  }

  private Object compactValue(Object value, IdentityHashMap<Object, Boolean> seen) {
    if (value instanceof String s) return share(s);
    if (value instanceof Map<?, ?> map) return compactMap(map, seen);
    if (value instanceof List<?> list) return compactList(list, seen);
    if (value != null && isModel(value.getClass())) compact(value, seen);
    return value;
  }

  private Map<?, ?> compactMap(Map<?, ?> map, IdentityHashMap<Object, Boolean> seen) {
    if (map.isEmpty()) return Collections.emptyMap();
    Map<Object, Object> out = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object key = e.getKey() instanceof String k ? share(k) : e.getKey();
      out.put(key, compactValue(e.getValue(), seen));
    }
    return out;
  }

  private List<?> compactList(List<?> list, IdentityHashMap<Object, Boolean> seen) {
    if (list.isEmpty()) return Collections.emptyList();
    List<Object> out = new ArrayList<>(list.size());
    for (Object o : list) out.add(compactValue(o, seen));
    return out;
  }

  /** fabric8's Kubernetes model classes (io.fabric8.kubernetes.api.model and its subpackages). */
  static boolean isModel(Class<?> type) {
    return type.getName().startsWith("io.fabric8.kubernetes.api.model.") && !type.isEnum();
  }

  private static Field[] compactableFields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (Modifier.isStatic(m) || Modifier.isFinal(m) || f.getType().isPrimitive()) continue;
        Class<?> t = f.getType();
        boolean wanted = t == String.class || Map.class.isAssignableFrom(t) || List.class.isAssignableFrom(t)
            || t == Object.class || isModel(t);
        if (!wanted) continue;
        try {
          f.setAccessible(true);
          out.add(f);
        } catch (RuntimeException e) {
          // not accessible here: left alone
        }
      }
    }
    return out.toArray(Field[]::new);
  }
}
