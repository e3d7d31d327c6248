#!/usr/bin/env bash
# The README's session exactly as a newcomer runs it, through the real ./netkube script (build,
# up, kubeconfig merge, down) and the real kubectl, in a scratch NETKUBE_HOME and KUBECONFIG.
# Prints "smoke: N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
SEED=$(cd "$ROOT/../shared/seed/manifests" 2>/dev/null && pwd -P) || {
  echo "smoke: ../shared/seed/manifests is missing (shared/ must sit beside the repository)" >&2; exit 1; }
# A free port of its own, so that a netkube the user runs on 6443 can stay up.
PORT=16443
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
# And a network of its own (name prefix, LAN, pod CIDR): a user's netkube keeps nk-* and 192.168.10.0/24.
LAN3=10.213.$((RANDOM % 256))
NET=(--prefix "nks$(printf %04x $((RANDOM)))" --lan-cidr "$LAN3.0/24" --pod-cidr "10.$((200 + RANDOM % 10)).0.0/16")
PREFIX=${NET[1]}
SCRATCH=$(mktemp -d /tmp/netkube-smoke.XXXXXX)
export NETKUBE_HOME=$SCRATCH/home KUBECONFIG=$SCRATCH/kubeconfig
trap './netkube down --purge >/dev/null 2>&1; rm -rf "$SCRATCH"' EXIT

passed=0 failed=0
# check NAME REGEX OUTPUT: OUTPUT must match the extended regex
check() {
  if grep -Eq -- "$2" <<<"$3"; then
    passed=$((passed + 1)); echo "smoke: ok   $1"
  else
    failed=$((failed + 1)); echo "smoke: FAIL $1: expected /$2/, got:"; sed 's/^/    /' <<<"$3"
  fi
}

check "up returns when ready" "netkube is ready: API server https://127\.0\.0\.1:$PORT" "$(./netkube up --port "$PORT" "${NET[@]}" 2>&1)"
check "context netkube is current" '^netkube$' "$(kubectl config current-context 2>&1)"
check "apply creates" '^service/clusterip-service created$' "$(kubectl apply -f "$SEED/clusterip-service.yaml" 2>&1)"
check "get svc prints upstream's columns" '^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE' "$(kubectl get svc 2>&1)"
check "get svc lists the service" 'clusterip-service +ClusterIP .* 80/TCP' "$(kubectl get svc 2>&1)"
check "re-apply is unchanged" '^service/clusterip-service unchanged$' "$(kubectl apply -f "$SEED/clusterip-service.yaml" 2>&1)"
check "describe" 'Selector: +app=nginx-for-svc' "$(kubectl describe svc clusterip-service 2>&1)"
check "explain" 'FIELD: +ports <\[\]ServicePort>' "$(kubectl explain service.spec.ports 2>&1)"
check "status while running" 'running' "$(./netkube status 2>&1)"
check "down" 'stopped' "$(./netkube down 2>&1)"
./netkube status >/dev/null 2>&1; check "status exit code 3 when stopped" '^3$' "$?"
./netkube up --port "$PORT" "${NET[@]}" >/dev/null 2>&1
check "objects survive down/up" 'clusterip-service' "$(kubectl get svc clusterip-service -o name 2>&1)"
check "up --nodes 2 adds node-2 to the LAN" "node-2 $LAN3\.3" "$(./netkube up --port "$PORT" "${NET[@]}" --nodes 2 2>&1)"
check "the host reaches node-2" ' 0% packet loss' "$(ping -c 1 -W 2 "$LAN3.3" 2>&1)"
check "lan: a client on the LAN reaches node-1" ' 0% packet loss' "$(./netkube lan -- ping -c 1 -W 2 "$LAN3.2" 2>&1)"
./netkube lan -- sh -c 'exit 7' >/dev/null 2>&1; check "lan: the exit code propagates" '^7$' "$?"
# a crash: the server killed with -9, a process left in a node's namespace; down removes it all
kill -9 "$(cat "$NETKUBE_HOME/server.pid")"
ip netns exec "$PREFIX-node-1" sleep 600 >/dev/null 2>&1 &
sleep 0.2
check "down after kill -9" "removed the cluster network: [0-9]+ network namespaces \\($PREFIX-client, $PREFIX-lan, $PREFIX-node-1.*$PREFIX-node-2\\).*ended 1 process" "$(./netkube down 2>&1)"
check "down leaves no netns, link or nft table" '^none$' \
  "$( (ip netns list; ip -o link show; nft list tables) 2>&1 | grep -F "$PREFIX" || echo none)"
./netkube up --port "$PORT" "${NET[@]}" >/dev/null 2>&1
check "down --purge" 'stopped' "$(./netkube down --purge 2>&1)"
check "purge removes the context" '^none$' "$(kubectl config get-contexts -o name 2>/dev/null | grep -x netkube || echo none)"

echo "smoke: $passed passed, $failed failed"
((failed == 0))
