/**
 * The CNI runtime: netkube wires pod sandboxes by executing Debian's real CNI plugins
 * (containernetworking-plugins: bridge, host-local, loopback, portmap) exactly as the CNI spec
 * says, as kubelet + containerd do. {@link dev.netkube.agent.cni.NodeNetwork} is the pure core
 * (the node's conflist), {@link dev.netkube.agent.cni.CniRuntime} the adapter (ADD / DEL / CHECK
 * with libcni's result cache), {@link dev.netkube.agent.cni.SandboxNetns} the pods' network
 * namespaces.
 */
package dev.netkube.agent.cni;
