package dev.netkube.apiserver.registry;

import dev.netkube.model.api.ApiException;

/** The patch media types kube-apiserver accepts; strategic merge only for built-in kinds. */
public enum PatchType {
  JSON("application/json-patch+json"),
  MERGE("application/merge-patch+json"),
  STRATEGIC("application/strategic-merge-patch+json"),
  APPLY("application/apply-patch+yaml");

  public final String mediaType;

  PatchType(String mediaType) { this.mediaType = mediaType; }

  public static PatchType of(String contentType, boolean customResource) {
    for (PatchType t : values()) {
      if (t.mediaType.equals(contentType) && !(customResource && t == STRATEGIC)) return t;
    }
    String accepted = customResource
        ? "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
        : "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
            + "application/strategic-merge-patch+json";
    throw new ApiException(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: " + accepted, null);
  }
}
