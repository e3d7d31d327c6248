/**
 * The node agent, netkube's kubelet: {@code cni} (the CNI runtime over Debian's plugins),
 * {@code runtime} (containers as processes in the pod's namespaces), {@code images} (the image
 * catalog), {@code streaming} (kubelet's exec/attach/port-forward/logs protocols) and the pod
 * lifecycle that drives them as an API client of the server.
 */
package dev.netkube.agent;
