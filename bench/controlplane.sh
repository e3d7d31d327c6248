#!/usr/bin/env bash
# The control plane under a burst (issue 4's benchmark), KWOK-style: fake nodes without agents,
# then services, then pods; prints one JSON line with the timings, the server's RSS after the
# burst and the time to rebuild the service allocators and be ready again after a restart.
#   bench/controlplane.sh [NODES SERVICES PODS CONCURRENCY]     # default 250 10000 50000 16 (220 pods per node)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
NODES=${1:-250} SERVICES=${2:-10000} PODS=${3:-50000} CONCURRENCY=${4:-16}

PORT=16543
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
SCRATCH=$(mktemp -d /tmp/netkube-bench-cp.XXXXXX)
export NETKUBE_HOME=$SCRATCH/home KUBECONFIG=$SCRATCH/kubeconfig
# `up` makes a node too: names and ranges of its own, never those of a cluster the user runs
NET=(--prefix "nkb$(printf '%04x' $((RANDOM % 65536)))" --lan-cidr 10.213.253.0/24 --pod-cidr 10.253.0.0/16)
cleanup() { ./netkube down --purge >/dev/null 2>&1 || true; rm -rf "$SCRATCH"; }
trap cleanup EXIT

./netkube --version >/dev/null   # builds if needed, outside the timings
./mvnw -q -B -o -Dmaven.test.skip=true -pl netkube-bench -am package >/dev/null
BENCH_CP="$ROOT/netkube-bench/target/classes:$ROOT/netkube-bench/target/lib/*"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

./netkube up --port "$PORT" "${NET[@]}" >/dev/null
PID=$(<"$NETKUBE_HOME/server.pid")
echo "bench: $NODES fake nodes, $SERVICES services, $PODS pods, $CONCURRENCY clients" >&2
RESULT=$(java -XX:+UseSerialGC -Xmx2g -cp "$BENCH_CP" dev.netkube.bench.Bench controlplane "$NETKUBE_HOME/pki" \
  "https://127.0.0.1:$PORT" "$NODES" "$SERVICES" "$PODS" "$CONCURRENCY")
RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
HWM_KB=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")

echo "bench: restart with everything stored" >&2
./netkube down >/dev/null
t=$(date +%s%N); ./netkube up --port "$PORT" "${NET[@]}" >/dev/null; RESTART_MS=$(ms "$t")
REBUILD_MS=$(grep -o 'service allocators rebuilt from [0-9]* services in [0-9]* ms' "$NETKUBE_HOME/logs/server.log" | tail -1 | awk '{print $(NF-1)}')
echo "${RESULT%\}},\"serverRssMiB\":$((RSS_KB / 1024)),\"serverPeakRssMiB\":$((HWM_KB / 1024)),\"restartToReadyMs\":$RESTART_MS,\"allocatorRebuildMs\":${REBUILD_MS:-null}}"
