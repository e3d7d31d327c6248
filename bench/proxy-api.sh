#!/usr/bin/env bash
# The service proxy through the API (issue 6's "proxy RSS"): a real `up --nodes 1` cluster, its kube-proxy pod (netkube's
# proxy role, nftables mode) fed N selectorless services with two endpoints each over HTTPS; measures the time until
# the node's rules hold every service, the proxy's memory at rest before and after (VmRSS, VmHWM), its sync durations
# and network programming latency from its own metrics. Uses a scratch NETKUBE_HOME, a prefix and ranges of its own.
#   bench/proxy-api.sh [SERVICES CONCURRENCY]      # default 10000 16
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
SERVICES=${1:-10000} CONCURRENCY=${2:-16}
((EUID == 0)) || { echo "bench/proxy-api.sh: needs root (network namespaces)" >&2; exit 1; }

PORT=16643
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
SCRATCH=$(mktemp -d /tmp/netkube-bench-proxy-api.XXXXXX)
export NETKUBE_HOME=$SCRATCH/home KUBECONFIG=$SCRATCH/kubeconfig
PREFIX="nkm$(printf '%04x' $((RANDOM % 65536)))"
NET=(--prefix "$PREFIX" --lan-cidr 10.213.250.0/24 --pod-cidr 10.250.0.0/16)
cleanup() { ./netkube down --purge >/dev/null 2>&1 || true; rm -rf "$SCRATCH"; }
trap cleanup EXIT

./netkube --version >/dev/null   # builds if needed, outside the timings
./mvnw -q -B -o -Dmaven.test.skip=true -pl netkube-bench -am package >/dev/null
BENCH_CP="$ROOT/netkube-bench/target/classes:$ROOT/netkube-bench/target/lib/*"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

./netkube up --nodes 1 --port "$PORT" "${NET[@]}" >/dev/null
NODE_NS=$PREFIX-node-1
proxy_pid() { # the proxy role's process in the node's namespace (the agent is there too)
  local pid
  for pid in $(ip netns pids "$NODE_NS"); do
    # the JVM itself, not the container's wrapper processes whose command lines name it too
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == java ]] || continue
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'dev.netkube.cli.Main proxy' && { echo "$pid"; return; }
  done
}
rules() { ip netns exec "$NODE_NS" nft list map ip kube-proxy service-ips 2>/dev/null | grep -c ' : goto ' || true; }
metric() { ip netns exec "$NODE_NS" curl -s http://127.0.0.1:10249/metrics | awk -v m="$1" '$1 == m {print $2}'; }
for _ in $(seq 120); do [[ -n $(proxy_pid) && $(rules) -ge 1 ]] && break; sleep 0.5; done
PID=$(proxy_pid)
[[ -n $PID ]] || { echo "bench: no kube-proxy process in $NODE_NS" >&2; exit 1; }
sleep 5
RSS0=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
echo "bench: kube-proxy pid $PID at rest: ${RSS0} MiB; creating $SERVICES services with 2 endpoints each" >&2

t=$(date +%s%N)
CREATED=$(java -XX:+UseSerialGC -Xmx1g -cp "$BENCH_CP" dev.netkube.bench.Bench proxy-objects "$NETKUBE_HOME/pki" \
  "https://127.0.0.1:$PORT" "$SERVICES" "$CONCURRENCY")
CREATE_MS=$(ms "$t")
# the kubernetes service is in the map too
until (( $(rules) >= SERVICES + 1 )); do sleep 1; (( $(ms "$t") < 1800000 )) || { echo "bench: rules incomplete" >&2; exit 1; }; done
PROGRAMMED_MS=$(ms "$t")
sleep 10   # settle: the next periodic work, a GC
RSS=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
HWM=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$PID/status")
SYNC_SUM=$(metric kubeproxy_sync_proxy_rules_duration_seconds_sum) SYNC_N=$(metric kubeproxy_sync_proxy_rules_duration_seconds_count)
NPL_SUM=$(metric kubeproxy_network_programming_duration_seconds_sum) NPL_N=$(metric kubeproxy_network_programming_duration_seconds_count)
echo "${CREATED%\}},\"createMs\":$CREATE_MS,\"allProgrammedMs\":$PROGRAMMED_MS,\"proxyRssAtRestMiB\":$RSS0,\"proxyRssMiB\":$RSS,\"proxyPeakRssMiB\":$HWM,\"syncs\":${SYNC_N:-0},\"syncSecondsMean\":$(awk "BEGIN{printf \"%.3f\", ${SYNC_SUM:-0}/(${SYNC_N:-1}+0.0)}"),\"networkProgrammingSecondsMean\":$(awk "BEGIN{printf \"%.3f\", ${NPL_SUM:-0}/(${NPL_N:-1}+0.0)}"),\"programmed\":${NPL_N:-0}}"
