package dev.netkube.model.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.model.api.ApiException;
import org.junit.jupiter.api.Test;

class ApplyRequestsTest {
  @Test
  void applyNeedsAFieldManager() {
    assertThatThrownBy(() -> ApplyRequests.validatePatchOptions(true, "", false))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.getMessage()).isEqualTo(
              "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        });
  }

  @Test
  void forceIsOnlyForApply() {
    assertThatThrownBy(() -> ApplyRequests.validatePatchOptions(false, "kubectl-patch", true))
        .hasMessage("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
    ApplyRequests.validatePatchOptions(true, "kubectl", true);
  }

  @Test
  void defaultManagerComesFromTheUserAgent() {
    assertThat(ApplyRequests.defaultFieldManager("kubectl/v1.32.0 (linux/amd64) kubernetes/abc")).isEqualTo("kubectl");
    assertThat(ApplyRequests.defaultFieldManager("curl")).isEqualTo("curl");
  }
}
