#!/usr/bin/env bash
# Benchmarks of real nodes and pods (issue 5), all in one run on this machine (docs/BENCHMARKS.md
# has the method and the last results): `up --nodes 2` until both nodes are Ready, pod start-up
# latency (created to Running), and the whole cluster's memory at rest, each beside the limit
# measured in the same run. Uses a scratch NETKUBE_HOME, a name prefix and ranges of its own.
#   bench/nodes.sh [PODS] [WAVE]      # default 100 pods in waves of 10
set -euo pipefail
PODS=${1:-100} WAVE=${2:-10}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
((EUID == 0)) || { echo "bench/nodes.sh: needs root (network namespaces)" >&2; exit 1; }

PORT=16443
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
SCRATCH=$(mktemp -d /tmp/netkube-bench.XXXXXX)
PREFIX=nkb$(printf '%04x' $((RANDOM % 65536)))
export NETKUBE_HOME=$SCRATCH/home KUBECONFIG=$SCRATCH/kubeconfig
UP=(up --nodes 2 --port "$PORT" --prefix "$PREFIX" --lan-cidr 10.213.251.0/24 --pod-cidr 10.251.0.0/16)
LIMIT_NS=$PREFIX-limit
cleanup() {
  ./netkube down --purge >/dev/null 2>&1 || true
  ip netns del "$LIMIT_NS" 2>/dev/null || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

./netkube --version >/dev/null   # builds if needed, outside the timings
./mvnw -q -B -o -Dmaven.test.skip=true -pl netkube-bench -am package >/dev/null
BENCH_CP="$ROOT/netkube-bench/target/classes:$ROOT/netkube-bench/target/lib/*"
bench() { java -XX:+UseSerialGC -cp "$BENCH_CP" dev.netkube.bench.Bench "$@"; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# wait_nodes_ready SINCE COUNT: until COUNT Nodes are Ready as their agents posted it since SINCE (RFC 3339
# seconds; a stopped cluster's Nodes keep their last Ready=True until the node lifecycle controller's
# grace period is over), from one kubectl watch: polling kubectl would take a core from what it measures.
wait_nodes_ready() {
  local since=$1 want=$2 line name status beat
  declare -A ready=()
  while read -r name status beat; do
    if [[ $status == True && $beat > $since || $status == True && $beat == "$since" ]]; then ready[$name]=1; else unset "ready[$name]"; fi
    ((${#ready[@]} >= want)) && return 0
  done < <(timeout 120 kubectl get nodes -w -o 'jsonpath={.metadata.name} {.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].lastHeartbeatTime}{"\n"}' 2>/dev/null)
  return 1
}
iso_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

echo "bench: up --nodes 2 until both nodes are Ready, 5 runs (a first one makes the PKI and the store)" >&2
since=$(iso_now); ./netkube "${UP[@]}" >/dev/null 2>&1; wait_nodes_ready "$since" 2; ./netkube down >/dev/null
ready=() api=()
for _ in 1 2 3 4 5; do
  sleep 1.1   # a new second: a heartbeat of the run before cannot count
  since=$(iso_now); t=$(date +%s%N); ./netkube "${UP[@]}" >/dev/null 2>&1; api+=("$(ms "$t")")
  wait_nodes_ready "$since" 2; ready+=("$(ms "$t")")
  ./netkube down >/dev/null
done
READY_MS=$(printf '%s\n' "${ready[@]}" | median)
API_MS=$(printf '%s\n' "${api[@]}" | median)
t=$(date +%s%N); java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -version >/dev/null 2>&1; JVM_MS=$(ms "$t")

since=$(iso_now); ./netkube "${UP[@]}" >/dev/null 2>&1
wait_nodes_ready "$since" 2
sleep 3
echo "bench: $PODS nginx pods in waves of $WAVE, created to Running" >&2
bench pods-startup "$NETKUBE_HOME/pki" "https://127.0.0.1:$PORT" 10 10 >/dev/null   # warm-up, not counted
read -r P50 P99 PMAX < <(bench pods-startup "$NETKUBE_HOME/pki" "https://127.0.0.1:$PORT" "$PODS" "$WAVE")

# The limit: what one pod costs the machine without netkube around it: a network namespace and
# Debian's nginx started in it, until it answers on the namespace's localhost.
printf 'daemon on; pid %s/limit.pid; error_log stderr;\nevents {}\nhttp { access_log off; server { listen 80; root /var/www/html; index index.nginx-debian.html; } }\n' \
  "$SCRATCH" >"$SCRATCH/limit-nginx.conf"
limit=()
for i in $(seq 1 20); do
  t=$(date +%s%N)
  ip netns add "$LIMIT_NS"
  ip netns exec "$LIMIT_NS" ip link set lo up
  ip netns exec "$LIMIT_NS" nginx -e stderr -c "$SCRATCH/limit-nginx.conf" >/dev/null 2>&1
  until ip netns exec "$LIMIT_NS" curl -s -o /dev/null http://127.0.0.1/ 2>/dev/null; do sleep 0.005; done
  limit+=("$(ms "$t")")
  kill "$(cat "$SCRATCH/limit.pid")" 2>/dev/null || true
  sleep 0.2
  ip netns del "$LIMIT_NS"
done
LIMIT_MS=$(printf '%s\n' "${limit[@]}" | median)

echo "bench: the whole cluster at rest (30 s after the pods went)" >&2
sleep 30
rss_pss() { awk '/^Rss:/ {r=$2} /^Pss:/ {p=$2} END {print r, p}' "/proc/$1/smaps_rollup"; }
SERVER=$(<"$NETKUBE_HOME/server.pid")
read -r SRV_RSS SRV_PSS < <(rss_pss "$SERVER")
AG_RSS=0 AG_PSS=0
for f in "$NETKUBE_HOME"/agents/*.pid; do
  read -r r p < <(rss_pss "$(<"$f")"); AG_RSS=$((AG_RSS + r)); AG_PSS=$((AG_PSS + p))
done
# the add-ons: every process below the agents (the pods' containers: kube-proxy on each node, and their waiters)
descendants() { # PID... -> every descendant's pid
  local kids
  kids=$(awk -v want=" $* " '{ if (index(want, " " $4 " ")) print $1 }' /proc/[0-9]*/stat 2>/dev/null | tr '\n' ' ')
  [[ -n ${kids// /} ]] && { echo $kids; descendants $kids; }
}
AD_RSS=0 AD_PSS=0 AD_N=0
for pid in $(descendants $(cat "$NETKUBE_HOME"/agents/*.pid)); do
  [[ -r /proc/$pid/smaps_rollup ]] || continue
  read -r r p < <(rss_pss "$pid"); AD_RSS=$((AD_RSS + r)); AD_PSS=$((AD_PSS + p)); AD_N=$((AD_N + 1))
done
TOTAL_RSS=$(( (SRV_RSS + AG_RSS + AD_RSS) / 1024 )) TOTAL_PSS=$(( (SRV_PSS + AG_PSS + AD_PSS) / 1024 ))

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
cat <<TABLE
| measure | netkube | goal | limit measured in the same run | ratio |
| --- | --- | --- | --- | --- |
| \`up --nodes 2\` until both nodes Ready (median of 5) | $READY_MS ms (\`up\` returned at $API_MS ms: it waits for the nodes) | <= 3000 ms | one JVM start: $JVM_MS ms | $(ratio "$READY_MS" "$JVM_MS")x |
| pod created to Running, $PODS pods in waves of $WAVE | p50 $P50 ms, p99 $P99 ms, max $PMAX ms | p99 <= 1000 ms | netns + nginx until it answers, no netkube: $LIMIT_MS ms | p99 $(ratio "$P99" "$LIMIT_MS")x |
| whole cluster at rest (server, 2 agents, add-ons) | RSS $TOTAL_RSS MiB, PSS $TOTAL_PSS MiB (server RSS $((SRV_RSS / 1024)), agents $((AG_RSS / 1024)), add-ons $((AD_RSS / 1024)) in $AD_N processes) | <= 300 MiB | | |
TABLE
