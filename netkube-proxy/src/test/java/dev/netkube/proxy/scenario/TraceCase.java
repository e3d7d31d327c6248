package dev.netkube.proxy.scenario;

import dev.netkube.proxy.model.Protocol;

/**
 * One tracer expectation, as upstream's packetFlowTest: {@code output} is the DNAT endpoints
 * ("ip:port, ip:port"), {@code REJECT}, {@code DROP}, or empty for "accepted untouched".
 */
public record TraceCase(String name, String sourceIp, Protocol protocol, String destIp, int destPort, String output,
        boolean masq) {
    public static TraceCase tcp(String name, String src, String dst, int port, String output, boolean masq) {
        return new TraceCase(name, src, Protocol.TCP, dst, port, output, masq);
    }
}
