package dev.netkube.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kube-apiserver's garbage-collection finalizers on delete (deletionFinalizersForGarbageCollection). */
class DeleteOptionsTest {
  private static DeleteOptions policy(String p) { return new DeleteOptions(Optional.empty(), p, "", ""); }

  @Test
  void anExplicitPolicyDecides() {
    assertThat(policy("Foreground").finalizersAfterDelete(List.of("a"))).containsExactly("a", "foregroundDeletion");
    assertThat(policy("Orphan").finalizersAfterDelete(List.of("a"))).containsExactly("a", "orphan");
    assertThat(policy("Orphan").finalizersAfterDelete(List.of("foregroundDeletion"))).containsExactly("orphan");
    assertThat(policy("Foreground").finalizersAfterDelete(List.of("orphan"))).containsExactly("foregroundDeletion");
    assertThat(policy("Background").finalizersAfterDelete(List.of("orphan", "a", "foregroundDeletion")))
        .containsExactly("a");
  }

  @Test
  void withoutAPolicyTheObjectsOwnFinalizerStaysAndTheDefaultIsBackground() {
    assertThat(policy("").finalizersAfterDelete(List.of())).isEmpty();
    assertThat(policy("").finalizersAfterDelete(List.of("orphan"))).containsExactly("orphan");
    assertThat(policy("").finalizersAfterDelete(List.of("foregroundDeletion", "x"))).containsExactly("x", "foregroundDeletion");
  }

  @Test
  void orphanDependentsIsAnExplicitPolicy() {
    ObjectNode body = Json.object();
    body.put("orphanDependents", true);
    assertThat(DeleteOptions.from(body, q -> "").propagationPolicy()).isEqualTo("Orphan");
    body.put("orphanDependents", false);
    assertThat(DeleteOptions.from(body, q -> "").propagationPolicy()).isEqualTo("Background");
    body.put("propagationPolicy", "Foreground");
    assertThat(DeleteOptions.from(body, q -> "").propagationPolicy()).isEqualTo("Foreground");
  }
}
