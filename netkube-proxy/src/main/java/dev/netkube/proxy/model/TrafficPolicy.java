package dev.netkube.proxy.model;

/** externalTrafficPolicy / internalTrafficPolicy: Local keeps traffic on node-local endpoints. */
public enum TrafficPolicy {
    CLUSTER, LOCAL;

    /** Absent means Cluster, as the API server defaults it. */
    public static TrafficPolicy of(String value) {
        return "Local".equals(value) ? LOCAL : CLUSTER;
    }
}
