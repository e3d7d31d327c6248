#!/usr/bin/env bash
# Benchmarks of the API server, all in one run on this machine (docs/BENCHMARKS.md has the method
# and the last results). Uses a scratch NETKUBE_HOME and KUBECONFIG.
#   bench/apiserver.sh            # prints a Markdown table of results
#   bench/apiserver.sh --up-only [N]   # only `up` to ready, N runs (default 15): each run, median
set -euo pipefail
UP_ONLY=0 UP_RUNS=5
if [[ ${1:-} == --up-only ]]; then UP_ONLY=1 UP_RUNS=${2:-15}; fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"

# A free port of its own, so that a netkube the user runs on 6443 can stay up.
PORT=16443
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
SCRATCH=$(mktemp -d /tmp/netkube-bench.XXXXXX)
export NETKUBE_HOME=$SCRATCH/home KUBECONFIG=$SCRATCH/kubeconfig
# `up` makes a node too: names and ranges of its own, never those of a cluster the user runs
NET=(--prefix "nkb$(printf '%04x' $((RANDOM % 65536)))" --lan-cidr 10.213.252.0/24 --pod-cidr 10.252.0.0/16)
cleanup() { ./netkube down --purge >/dev/null 2>&1 || true; rm -rf "$SCRATCH"; }
trap cleanup EXIT

./netkube --version >/dev/null   # builds if needed, outside the timings
((UP_ONLY)) || ./mvnw -q -B -o -Dmaven.test.skip=true -pl netkube-bench -am package >/dev/null
BENCH_CP="$ROOT/netkube-bench/target/classes:$ROOT/netkube-bench/target/lib/*"
bench() { java -XX:+UseSerialGC -cp "$BENCH_CP" dev.netkube.bench.Bench "$@"; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "bench: up to ready, $UP_RUNS runs (a first one before them creates the PKI and the store)" >&2
./netkube up --port "$PORT" "${NET[@]}" >/dev/null 2>&1; ./netkube down >/dev/null
ready=()
for _ in $(seq 1 "$UP_RUNS"); do
  t=$(date +%s%N); ./netkube up --port "$PORT" "${NET[@]}" >/dev/null 2>&1; ready+=("$(ms "$t")"); ./netkube down >/dev/null
done
READY_MS=$(printf '%s\n' "${ready[@]}" | median)
t=$(date +%s%N); java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -version >/dev/null 2>&1; JVM_MS=$(ms "$t")
if ((UP_ONLY)); then
  echo "up to ready (ms), $UP_RUNS runs: ${ready[*]}"
  echo "server's own \"ready in\" (ms): $(sed -nE 's/.* ready on .* in ([0-9]+) ms$/\1/p' "$NETKUBE_HOME/logs/server.log" | tail -n "$UP_RUNS" | tr '\n' ' ')"
  echo "median: $READY_MS ms (JVM start alone: $JVM_MS ms)"
  exit 0
fi

./netkube up --port "$PORT" "${NET[@]}" >/dev/null 2>&1
PID=$(<"$NETKUBE_HOME/server.pid")
sleep 10
RSS_REST_KB=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")

echo "bench: kubectl apply of 1,000 ConfigMaps" >&2
for i in $(seq 1 1000); do printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: apply-%d\ndata:\n  k: v\n' "$i"; done >"$SCRATCH/1000.yaml"
t=$(date +%s%N); kubectl apply -f "$SCRATCH/1000.yaml" >/dev/null; APPLY_MS=$(ms "$t")
t=$(date +%s%N); kubectl apply -f "$SCRATCH/1000.yaml" >/dev/null; REAPPLY_MS=$(ms "$t")
t=$(date +%s%N); kubectl apply --server-side -f "$SCRATCH/1000.yaml" >/dev/null; SSA_MS=$(ms "$t")
kubectl delete configmap --all >/dev/null

echo "bench: writes per second against SQLite's own fsync rate" >&2
URL=https://127.0.0.1:$PORT
FSYNC=$(bench sqlite-fsync "$NETKUBE_HOME/data" 10)
W1=$(bench writes "$NETKUBE_HOME/pki" "$URL" 10 1)
W8=$(bench writes "$NETKUBE_HOME/pki" "$URL" 10 8)

echo "bench: watch fan-out (1 and 100 watchers, 200 writes)" >&2
F1=$(bench watch-fanout "$NETKUBE_HOME/pki" "$URL" 1 200)
F100=$(bench watch-fanout "$NETKUBE_HOME/pki" "$URL" 100 200)
RSS_LOAD_KB=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")

j() { sed -E "s/.*\"$2\":([0-9.NaN]+).*/\1/" <<<"$1"; }
fsync=$(j "$FSYNC" commitsPerSecond); w1=$(j "$W1" writesPerSecond); w8=$(j "$W8" writesPerSecond)
cat <<MD
| measure | netkube | peer / limit (same run) | ratio |
| --- | --- | --- | --- |
| \`./netkube up\` to ready, warm (median of 5) | ${READY_MS} ms | JVM start alone: ${JVM_MS} ms; goal 2,000 ms; k3s 25–40 s (published) | $(awk "BEGIN{printf \"%.2f× goal\", $READY_MS/2000}") |
| server RSS at rest (10 s after up) | $((RSS_REST_KB / 1024)) MiB | goal 150 MiB; k3s server+agent 1,428 MB, k0s 510 MB (published) | $(awk "BEGIN{printf \"%.2f× goal, %.3f× k3s\", $RSS_REST_KB/1024/150, $RSS_REST_KB/1024/1428}") |
| server peak RSS after the whole run | $((RSS_LOAD_KB / 1024)) MiB | | |
| \`kubectl apply -f\` 1,000 ConfigMaps (create) | ${APPLY_MS} ms | 2,000 requests (GET + POST each) | $(awk "BEGIN{printf \"%.0f objects/s\", 1000000/$APPLY_MS}") |
| same file again (all unchanged) | ${REAPPLY_MS} ms | | |
| \`kubectl apply --server-side\` of the same | ${SSA_MS} ms | | |
| durable writes/s, 1 client | ${w1} | SQLite fsync rate on this disk: ${fsync} commits/s | $(awk "BEGIN{printf \"%.2f×\", $w1/$fsync}") |
| durable writes/s, 8 clients (group commit) | ${w8} | SQLite fsync rate: ${fsync} commits/s | $(awk "BEGIN{printf \"%.2f×\", $w8/$fsync}") |
| watch event latency p50 / p99, 1 watcher | $(j "$F1" p50ms) / $(j "$F1" p99ms) ms | | |
| watch event latency p50 / p99, 100 watchers | $(j "$F100" p50ms) / $(j "$F100" p99ms) ms | 1 watcher's p99 | $(awk "BEGIN{printf \"%.1f× p99\", $(j "$F100" p99ms)/$(j "$F1" p99ms)}") |
| events delivered, 100 watchers × 200 writes | $(j "$F100" delivered) | 20,000 | |
MD
