package dev.netkube.apiserver.http;

import java.util.Locale;

/**
 * What the client asked to get back, from its Accept header: plain objects, a server-side
 * Table (kubectl get), or PartialObjectMetadata (metadata-only clients); JSON or YAML.
 */
public record Representation(Kind kind, boolean yaml) {
  public enum Kind { OBJECT, TABLE, PARTIAL_METADATA }

  public static Representation of(String accept) {
    String a = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
    // Alternatives are listed in preference order; take the first we can produce.
    for (String alt : a.split(",")) {
      String t = alt.replace(" ", "");
      if (t.contains("as=table") && t.contains("g=meta.k8s.io")) return new Representation(Kind.TABLE, false);
      if (t.contains("as=partialobjectmetadata")) return new Representation(Kind.PARTIAL_METADATA, false);
      if (t.startsWith("application/json") || t.startsWith("*/*") || t.isEmpty()) {
        return new Representation(Kind.OBJECT, false);
      }
      if (t.startsWith("application/yaml")) return new Representation(Kind.OBJECT, true);
    }
    return new Representation(Kind.OBJECT, false);
  }
}
