package dev.netkube.proxy.model;

/** spec.sessionAffinity: none, or ClientIP sticking a client IP to one endpoint for a while. */
public sealed interface SessionAffinity {
    /** Upstream's default sessionAffinityConfig.clientIP.timeoutSeconds (3 h). */
    int DEFAULT_TIMEOUT_SECONDS = 10800;

    record None() implements SessionAffinity {}

    record ClientIp(int timeoutSeconds) implements SessionAffinity {
        public ClientIp {
            if (timeoutSeconds <= 0) {
                throw new IllegalArgumentException("ClientIP affinity timeout must be positive: " + timeoutSeconds);
            }
        }
    }

    static SessionAffinity none() {
        return new None();
    }

    static SessionAffinity clientIp(int timeoutSeconds) {
        return new ClientIp(timeoutSeconds);
    }
}
