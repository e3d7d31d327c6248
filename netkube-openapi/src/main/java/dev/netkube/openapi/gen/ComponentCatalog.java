package dev.netkube.openapi.gen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.annotations.SerializedName;
import dev.netkube.model.Json;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.swagger.annotations.ApiModel;
import io.swagger.annotations.ApiModelProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns client-java model classes into upstream-shaped OpenAPI v3 component schemas: JSON names from
 * {@code @SerializedName}, descriptions and required fields from {@code @ApiModelProperty}, types
 * from the Java field types, nested models as {@code allOf: [{$ref}]} as kube-openapi writes them,
 * plus the merge metadata of {@link PatchFacts}.
 */
final class ComponentCatalog {
  static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  private static final Pattern ENUM_VALUE = Pattern.compile("(?m)^ - `\"(.*?)\"`");

  /** Types of apimachinery's meta/v1 that client-java names like API types. */
  private static final Set<String> META_TYPES = Set.of("ObjectMeta", "ListMeta", "OwnerReference",
      "ManagedFieldsEntry", "LabelSelector", "LabelSelectorRequirement", "Status", "StatusDetails", "StatusCause",
      "DeleteOptions", "Preconditions", "Condition", "APIResource", "APIResourceList", "WatchEvent");

  private final Map<Class<?>, String> names = new LinkedHashMap<>();

  /** Gives every model class reachable from {@code root} and not yet named the component name in {@code group}. */
  void claim(Class<?> root, String group) {
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (names.containsKey(c)) continue;
      ModelNames.Parsed p = ModelNames.parse(c).orElseThrow(() -> new IllegalStateException("not a model: " + c));
      String g = META_TYPES.contains(p.typeName()) ? "meta" : group;
      names.put(c, ModelNames.componentName(g, p.version(), p.typeName()));
      for (Field f : modelFields(c)) todo.addAll(modelClassesIn(f.getGenericType()));
    }
  }

  String name(Class<?> c) {
    String n = names.get(c);
    if (n == null) throw new IllegalStateException("unclaimed model " + c.getName());
    return n;
  }

  /** Model classes reachable from the roots, the roots included. */
  Set<Class<?>> closure(List<Class<?>> roots) {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      Class<?> c = todo.pop();
      if (!seen.add(c)) continue;
      for (Field f : modelFields(c)) todo.addAll(modelClassesIn(f.getGenericType()));
    }
    return seen;
  }

  /** Whether any field in the closure is an IntOrString or Quantity (so the component is needed). */
  static boolean uses(Set<Class<?>> classes, Class<?> scalar) {
    for (Class<?> c : classes) {
      for (Field f : modelFields(c)) if (f.getGenericType().getTypeName().contains(scalar.getName())) return true;
    }
    return false;
  }

  ObjectNode schema(Class<?> c) {
    ObjectNode s = Json.object();
    ApiModel model = c.getAnnotation(ApiModel.class);
    if (model != null && !model.description().isEmpty()) s.put("description", model.description());
    String typeName = ModelNames.parse(c).orElseThrow().typeName();
    ObjectNode props = Json.object();
    List<String> required = new ArrayList<>();
    for (Field f : modelFields(c)) {
      String json = f.getAnnotation(SerializedName.class).value();
      ApiModelProperty doc = getterDoc(c, f);
      ObjectNode p = typeSchema(f.getGenericType());
      String description = FieldDescriptions.describe(typeName, json, doc == null ? "" : doc.value());
      if (!description.isEmpty()) {
        p.put("description", description);
        addEnum(p, description);
      }
      if (doc != null && doc.required()) required.add(json);
      PatchFacts.Field fact = PatchFacts.FIELDS.get(typeName + "." + json);
      if (fact != null) addFacts(p, fact);
      props.set(json, reorder(p));
    }
    if (!required.isEmpty()) {
      ArrayNode r = s.putArray("required");
      required.forEach(r::add);
    }
    s.set("properties", props);
    s.put("type", "object");
    if (PatchFacts.ATOMIC_STRUCTS.contains(typeName)) s.put("x-kubernetes-map-type", "atomic");
    return s;
  }

  static ObjectNode intOrStringSchema() {
    ObjectNode s = Json.object();
    s.put("description", "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML "
        + "marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for "
        + "example, a JSON field that can accept a name or number.");
    s.put("format", "int-or-string");
    ArrayNode oneOf = s.putArray("oneOf");
    oneOf.addObject().put("type", "integer");
    oneOf.addObject().put("type", "string");
    // Not in upstream's document; it is how our Schema view (and CRD schemas) say "int or string".
    s.put("x-kubernetes-int-or-string", true);
    return s;
  }

  static ObjectNode quantitySchema() {
    ObjectNode s = Json.object();
    s.put("description", "Quantity is a fixed-point representation of a number. It provides convenient "
        + "marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.");
    ArrayNode oneOf = s.putArray("oneOf");
    oneOf.addObject().put("type", "string");
    oneOf.addObject().put("type", "number");
    return s;
  }

  private ObjectNode typeSchema(Type t) {
    ObjectNode s = Json.object();
    if (t instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      Type[] args = pt.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        s.put("type", "array");
        s.set("items", itemSchema(args[0]));
        return s;
      }
      if (Map.class.isAssignableFrom(raw)) {
        s.put("type", "object");
        s.set("additionalProperties", itemSchema(args[1]));
        return s;
      }
      throw new IllegalStateException("unexpected generic type " + t);
    }
    Class<?> c = (Class<?>) t;
    if (c == String.class) s.put("type", "string");
    else if (c == Integer.class) s.put("type", "integer").put("format", "int32");
    else if (c == Long.class) s.put("type", "integer").put("format", "int64");
    else if (c == Boolean.class) s.put("type", "boolean");
    else if (c == Double.class || c == Float.class || c == java.math.BigDecimal.class) {
      s.put("type", "number").put("format", "double");
    } else if (c == OffsetDateTime.class) s.put("type", "string").put("format", "date-time");
    else if (c == byte[].class) s.put("type", "string").put("format", "byte");
    else if (c == IntOrString.class) s.putArray("allOf").addObject().put("$ref", ref(INT_OR_STRING));
    else if (c == Quantity.class) s.putArray("allOf").addObject().put("$ref", ref(QUANTITY));
    else if (c == Object.class) {
      // runtime.RawExtension and apiextensions JSON: any value, kept as sent.
      s.put("x-kubernetes-preserve-unknown-fields", true);
    } else if (isModel(c)) {
      s.putArray("allOf").addObject().put("$ref", ref(name(c)));
      s.putObject("default");
    } else {
      throw new IllegalStateException("unmapped field type " + c);
    }
    return s;
  }

  /** Array items and map values: like a field, but a primitive gets upstream's empty default. */
  private ObjectNode itemSchema(Type t) {
    ObjectNode s = typeSchema(t);
    if (t == String.class) s.put("default", "");
    return s;
  }

  private static String ref(String component) { return "#/components/schemas/" + component; }

  private static void addEnum(ObjectNode p, String description) {
    if (!"string".equals(p.path("type").asText()) || !description.contains("Possible enum values:")) return;
    Matcher m = ENUM_VALUE.matcher(description.substring(description.indexOf("Possible enum values:")));
    ArrayNode values = Json.array();
    while (m.find()) values.add(m.group(1));
    if (!values.isEmpty()) p.set("enum", values);
  }

  private static void addFacts(ObjectNode p, PatchFacts.Field f) {
    if (!f.listType().isEmpty()) p.put("x-kubernetes-list-type", f.listType());
    if (!f.listMapKeys().isEmpty()) {
      ArrayNode keys = p.putArray("x-kubernetes-list-map-keys");
      f.listMapKeys().forEach(keys::add);
    }
    if (!f.mapType().isEmpty()) p.put("x-kubernetes-map-type", f.mapType());
    if (!f.mergeKey().isEmpty()) p.put("x-kubernetes-patch-merge-key", f.mergeKey());
    if (!f.strategy().isEmpty()) p.put("x-kubernetes-patch-strategy", f.strategy());
  }

  /** Keys in alphabetical order, as upstream's generator writes them (keeps output stable and diffable). */
  private static ObjectNode reorder(ObjectNode p) {
    ObjectNode sorted = Json.object();
    List<String> keys = new ArrayList<>();
    p.fieldNames().forEachRemaining(keys::add);
    keys.sort(null);
    for (String k : keys) sorted.set(k, p.get(k));
    return sorted;
  }

  static boolean isModel(Class<?> c) { return c.getName().startsWith(ModelNames.MODELS); }

  static List<Field> modelFields(Class<?> c) {
    List<Field> out = new ArrayList<>();
    for (Field f : c.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getAnnotation(SerializedName.class) == null) continue;
      out.add(f);
    }
    return out;
  }

  private static List<Class<?>> modelClassesIn(Type t) {
    List<Class<?>> out = new ArrayList<>();
    if (t instanceof ParameterizedType pt) {
      for (Type a : pt.getActualTypeArguments()) out.addAll(modelClassesIn(a));
    } else if (t instanceof Class<?> c && isModel(c)) {
      out.add(c);
    }
    return out;
  }

  private static ApiModelProperty getterDoc(Class<?> c, Field f) {
    String bare = f.getName().startsWith("_") ? f.getName().substring(1) : f.getName();
    for (Method m : c.getMethods()) {
      String n = m.getName();
      if (m.getParameterCount() == 0 && (n.equalsIgnoreCase("get" + bare) || n.equalsIgnoreCase("is" + bare))) {
        ApiModelProperty a = m.getAnnotation(ApiModelProperty.class);
        if (a != null) return a;
      }
    }
    return null;
  }
}
