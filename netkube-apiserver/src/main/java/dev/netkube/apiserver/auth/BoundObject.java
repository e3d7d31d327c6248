package dev.netkube.apiserver.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The object a service-account token is bound to (TokenRequest's boundObjectRef): the token dies
 * with it. Rendered in the token's {@code kubernetes.io} claim as {@code pod} or {@code secret}.
 */
public sealed interface BoundObject {
  String name();

  String uid();

  /** A pod, optionally with the node it runs on (claim {@code kubernetes.io.node}, as 1.30+ adds). */
  record Pod(String name, String uid, Optional<Node> node) implements BoundObject {
    public Pod {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uid, "uid");
      Objects.requireNonNull(node, "node");
    }

    public Pod(String name, String uid) { this(name, uid, Optional.empty()); }
  }

  /** A secret; also how a legacy (kubernetes.io/service-account-token) token names its secret, with uid "". */
  record Secret(String name, String uid) implements BoundObject {
    public Secret {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uid, "uid");
    }
  }

  /** The node a bound pod runs on; uid may be "". */
  record Node(String name, String uid) {
    public Node {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(uid, "uid");
    }
  }
}
