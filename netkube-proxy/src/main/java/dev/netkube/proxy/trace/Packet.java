package dev.netkube.proxy.trace;

import dev.netkube.proxy.model.Protocol;

/**
 * A new connection's first packet. Whether its addresses are local to the node is the tracer's
 * knowledge ({@link PacketTracer}'s local addresses), since DNAT can change the answer mid-way.
 */
public record Packet(String sourceIp, Protocol protocol, String destinationIp, int destinationPort) {
    public static Packet tcp(String sourceIp, String destinationIp, int destinationPort) {
        return new Packet(sourceIp, Protocol.TCP, destinationIp, destinationPort);
    }
}
