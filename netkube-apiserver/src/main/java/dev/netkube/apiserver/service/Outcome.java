package dev.netkube.apiserver.service;

import dev.netkube.model.api.FieldError;
import java.util.List;

/** What allocation answers for one service write. */
public sealed interface Outcome {
  /** Allocated: the spec with its values filled in, and what to commit or revert. */
  record Admitted(ServiceSpec spec, Txn txn) implements Outcome {}

  /** Refused with upstream's field errors (a 422 Invalid Status); nothing is held. */
  record Invalid(List<FieldError> errors) implements Outcome {}

  /** Refused as upstream's InternalError (a full range, say); nothing is held. */
  record Failed(String message) implements Outcome {}
}
