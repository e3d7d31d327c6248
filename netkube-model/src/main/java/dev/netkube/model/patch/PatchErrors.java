package dev.netkube.model.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;

/** The Status errors kube-apiserver's patch handler returns for patches it cannot apply. */
final class PatchErrors {
  private PatchErrors() {}

  // apimachinery mergepatch sentinel errors, answered with 400 BadRequest.
  static final String BAD_JSON_DOC = "invalid JSON document";
  static final String BAD_PRIMITIVE_LIST = "invalid patch format of primitive list";
  static final String BAD_RETAIN_KEYS = "invalid patch format of retainKeys";
  static final String BAD_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";
  // ... and these two with 422.
  static final String NO_LIST_OF_LISTS = "lists of lists are not supported";
  static final String RETAIN_KEYS_MISMATCH = "patch content doesn't match retainKeys list";

  /**
   * What NewGenericServerResponse(422, ...) builds: the server's own text is dropped and a fixed
   * message remains; details is an empty object.
   */
  static ApiException unprocessable(String internalReason) {
    ApiException e = new ApiException(422, "Invalid",
        "the server rejected our request due to an error in our request", Json.object());
    e.initCause(new IllegalArgumentException(internalReason));
    return e;
  }

  /** A plain Go error reaching the handler: ErrorToAPIStatus makes it a 500 with no reason. */
  static ApiException plain(String message) {
    return new ApiException(500, "", message, null);
  }

  static ApiException badPatchType(JsonNode directive, JsonNode map) {
    return plain("unknown patch type: " + GoValues.format(directive) + " in map: " + GoValues.format(map));
  }

  static ApiException noMergeKey(JsonNode map, String key) {
    return plain("map: " + GoValues.format(map) + " does not contain declared merge key: " + key);
  }
}
