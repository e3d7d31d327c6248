package dev.netkube.controllers.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * ControllerRef semantics (upstream's ControllerRefManager), pure: what a controller does with
 * an object in its namespace given the object's controller reference and the selector.
 */
public sealed interface Ownership permits Ownership.Owned, Ownership.Adopt, Ownership.Release, Ownership.NotMine {
  /** Ours and matching: counted. */
  record Owned() implements Ownership {}

  /** An orphan that matches: take it (a patch adding our controller reference), then count it. */
  record Adopt() implements Ownership {}

  /** Ours but no longer matching: let go (a patch removing our reference). */
  record Release() implements Ownership {}

  /** Another controller's, or an orphan that does not match (or that we may not adopt now). */
  record NotMine() implements Ownership {}

  Ownership OWNED = new Owned();
  Ownership ADOPT = new Adopt();
  Ownership RELEASE = new Release();
  Ownership NOT_MINE = new NotMine();

  /**
   * @param ownerUid the controller's uid
   * @param ownerDeleting the controller is being deleted: it adopts nothing and releases nothing
   * @param matches the controller's selector
   */
  static Ownership of(String ownerUid, boolean ownerDeleting, Predicate<Map<String, String>> matches, HasMetadata obj) {
    Optional<OwnerReference> ref = Pods.controllerOf(obj);
    boolean match = matches.test(Pods.labels(obj));
    if (ref.isPresent()) {
      if (!ownerUid.equals(ref.get().getUid())) return NOT_MINE;
      if (match) return OWNED;
      return ownerDeleting ? NOT_MINE : RELEASE;
    }
    if (!match || ownerDeleting || Pods.deleting(obj)) return NOT_MINE;
    return ADOPT;
  }

  /** The reference a controller puts on what it creates or adopts. */
  static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true)
        .build();
  }
}
