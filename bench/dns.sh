#!/usr/bin/env bash
# Cluster DNS (issue 7): dnsperf against netkube's DNS role and against unbound serving the same names, in one run.
# A real `up --nodes 1` cluster holds N services in namespace dns-bench; netkube's `dns` role (as the coredns pods run
# it: ./netkube dns) serves the kubeadm Corefile on loopback with the kubernetes plugin reading that cluster, and
# forward to an "upstream" unbound (example.test, static). The peer, a second unbound, serves the same service names
# as local-data and forwards example.test to the same upstream. Cases: cluster names with cache (hit), cluster names
# on a block without cache (miss: every answer from the kubernetes plugin), external names through forward, NXDOMAIN.
# For each: the most queries per second (dnsperf, 100 outstanding, after a warm-up), then latency percentiles at a
# fixed rate both servers sustain. Memory: the role's VmRSS against CoreDNS's published formula for the same inputs.
#   bench/dns.sh [SERVICES SECONDS RATE]        # default 100 10 10000
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
SERVICES=${1:-100} SECONDS_PER_RUN=${2:-10} RATE=${3:-10000}
((EUID == 0)) || { echo "bench/dns.sh: needs root (network namespaces, packages)" >&2; exit 1; }
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
if ! dpkg -s dnsperf unbound >/dev/null 2>&1; then
  # unbound's package starts a system resolver on port 53 unless told not to: policy-rc.d says no while it installs
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  ensure_debian_packages dnsperf unbound || { rm -f /usr/sbin/policy-rc.d; exit 1; }
  rm -f /usr/sbin/policy-rc.d
fi

free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
API_PORT=$(free_port 16743)
UPSTREAM_PORT=$(free_port 25353) PEER_PORT=$(free_port 25453) NK_PORT=$(free_port 25553) NK_NOCACHE_PORT=$(free_port 25653)
SCRATCH=$(mktemp -d /tmp/netkube-bench-dns.XXXXXX)
export NETKUBE_HOME=$SCRATCH/home KUBECONFIG=$SCRATCH/kubeconfig
PREFIX="nkd$(printf '%04x' $((RANDOM % 65536)))"
NET=(--prefix "$PREFIX" --lan-cidr 10.213.251.0/24 --pod-cidr 10.251.0.0/16)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  ./netkube down --purge >/dev/null 2>&1 || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

./netkube --version >/dev/null   # builds if needed, outside the timings
./netkube up --nodes 1 --port "$API_PORT" "${NET[@]}" >/dev/null

echo "bench: creating $SERVICES services in namespace dns-bench" >&2
{
  echo "apiVersion: v1"; echo "kind: List"; echo "items:"
  echo "- {apiVersion: v1, kind: Namespace, metadata: {name: dns-bench}}"
  for i in $(seq "$SERVICES"); do
    echo "- {apiVersion: v1, kind: Service, metadata: {name: svc-$i, namespace: dns-bench}, spec: {ports: [{port: 80}]}}"
  done
} >"$SCRATCH/services.yaml"
kubectl apply -f "$SCRATCH/services.yaml" >/dev/null
kubectl -n dns-bench get svc -o jsonpath='{range .items[*]}{.metadata.name} {.spec.clusterIP}{"\n"}{end}' >"$SCRATCH/ips"
(($(wc -l <"$SCRATCH/ips") == SERVICES)) || { echo "bench: expected $SERVICES services" >&2; exit 1; }

unbound_conf() { # $1 port, then extra server lines on stdin
  cat <<EOF
server:
  interface: 127.0.0.1@$1
  port: $1
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$SCRATCH"
  pidfile: ""
  use-syslog: no
  logfile: ""
  verbosity: 0
  do-ip6: no
  do-not-query-localhost: no
  num-threads: 1
EOF
  cat
}
for i in $(seq "$SERVICES"); do echo "  local-data: \"ext-$i.example.test. 30 IN A 10.99.$((i / 250)).$((i % 250 + 1))\""; done \
  | { echo '  local-zone: "example.test." static'; cat; } | unbound_conf "$UPSTREAM_PORT" >"$SCRATCH/upstream.conf"
{
  echo '  local-zone: "cluster.local." static'
  while read -r name ip; do echo "  local-data: \"$name.dns-bench.svc.cluster.local. 5 IN A $ip\""; done <"$SCRATCH/ips"
  echo "forward-zone:"; echo '  name: "example.test."'; echo "  forward-addr: 127.0.0.1@$UPSTREAM_PORT"
} | unbound_conf "$PEER_PORT" >"$SCRATCH/peer.conf"
unbound -c "$SCRATCH/upstream.conf" & PIDS+=($!)
unbound -c "$SCRATCH/peer.conf" & PEER_PID=$! PIDS+=($!)

# kubeadm's Corefile (the seed's), reading the cluster through the kubeconfig and forwarding to the upstream; a
# second block on another port without cache: every answer there comes from the kubernetes plugin
kubernetes_block() {
  cat <<EOF
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       kubeconfig $KUBECONFIG netkube
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
EOF
}
cat >"$SCRATCH/Corefile" <<EOF
.:$NK_PORT {
    errors
    health :$(free_port 18080)
    ready :$(free_port 18181)
$(kubernetes_block)
    prometheus :$(free_port 19153)
    forward . 127.0.0.1:$UPSTREAM_PORT {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
.:$NK_NOCACHE_PORT {
    errors
$(kubernetes_block)
}
EOF
./netkube dns -conf "$SCRATCH/Corefile" -bind 127.0.0.1 >"$SCRATCH/dns.log" 2>&1 & NK_PID=$! PIDS+=($!)

cut -d' ' -f1 "$SCRATCH/ips" | sed 's/$/.dns-bench.svc.cluster.local A/' >"$SCRATCH/cluster.q"
cut -d' ' -f1 "$SCRATCH/ips" | sed 's/^svc-/nope-/; s/$/.dns-bench.svc.cluster.local A/' >"$SCRATCH/nxdomain.q"
seq "$SERVICES" | sed 's/^/ext-/; s/$/.example.test A/' >"$SCRATCH/external.q"

name1=$(head -1 "$SCRATCH/ips" | cut -d' ' -f1).dns-bench.svc.cluster.local
ip1=$(head -1 "$SCRATCH/ips" | cut -d' ' -f2)
# dig +short prints its timeouts on stdout too: wait for the address itself
for _ in $(seq 120); do
  [[ $(dig +short +time=1 +tries=1 -p "$NK_PORT" @127.0.0.1 "$name1" 2>/dev/null) == "$ip1" ]] && break
  kill -0 "$NK_PID" 2>/dev/null || { echo "bench: netkube dns ended:" >&2; cat "$SCRATCH/dns.log" >&2; exit 1; }
  sleep 0.5
done
for port in "$NK_PORT" "$NK_NOCACHE_PORT" "$PEER_PORT"; do
  [[ $(dig +short +time=2 -p "$port" @127.0.0.1 "$name1") == "$ip1" ]] \
    || { echo "bench: port $port does not answer $name1 with its cluster IP" >&2; cat "$SCRATCH/dns.log" >&2; exit 1; }
done

# dnsperf's summary -> "qps lost"
throughput() { # port file
  dnsperf -s 127.0.0.1 -p "$1" -d "$2" -l "$SECONDS_PER_RUN" -c 4 -q 100 2>&1 \
    | awk '/Queries per second/ {q=$4} /Queries lost/ {l=$3} END {printf "%d %d", q, l}'
}
# latencies at a fixed rate -> "p50 p99 p999" in ms
latency() { # port file
  dnsperf -s 127.0.0.1 -p "$1" -d "$2" -l "$SECONDS_PER_RUN" -c 4 -q 100 -Q "$RATE" -v 2>/dev/null \
    | awk '$1 == ">" {print $NF * 1000}' | sort -n \
    | awk '{v[NR] = $1} END {if (NR == 0) {print "0 0 0"; exit} printf "%.3f %.3f %.3f", v[int(NR*0.5)+1], v[int(NR*0.99)+1], v[int(NR*0.999)+1]}'
}

json="{\"services\":$SERVICES,\"secondsPerRun\":$SECONDS_PER_RUN,\"latencyRate\":$RATE,\"cases\":["
first=1
for case in "cluster-cached:$NK_PORT:cluster" "cluster-uncached:$NK_NOCACHE_PORT:cluster" "external-forward:$NK_PORT:external" \
    "nxdomain:$NK_PORT:nxdomain"; do
  IFS=: read -r name port file <<<"$case"
  q=$SCRATCH/$file.q
  echo "bench: $name (warm-up, then ${SECONDS_PER_RUN}s runs)" >&2
  dnsperf -s 127.0.0.1 -p "$port" -d "$q" -l 5 -c 4 -q 100 >/dev/null 2>&1
  dnsperf -s 127.0.0.1 -p "$PEER_PORT" -d "$q" -l 2 -c 4 -q 100 >/dev/null 2>&1
  read -r nq nl <<<"$(throughput "$port" "$q")"
  read -r uq ul <<<"$(throughput "$PEER_PORT" "$q")"
  read -r n50 n99 n999 <<<"$(latency "$port" "$q")"
  read -r u50 u99 u999 <<<"$(latency "$PEER_PORT" "$q")"
  ((first)) || json+=","
  first=0
  json+="{\"case\":\"$name\",\"netkubeQps\":$nq,\"netkubeLost\":$nl,\"unboundQps\":$uq,\"unboundLost\":$ul,"
  json+="\"qpsRatio\":$(awk "BEGIN{printf \"%.2f\", $nq/($uq+0.0001)}"),"
  json+="\"netkubeMs\":{\"p50\":$n50,\"p99\":$n99,\"p999\":$n999},\"unboundMs\":{\"p50\":$u50,\"p99\":$u99,\"p999\":$u999},"
  json+="\"p99Ratio\":$(awk "BEGIN{printf \"%.2f\", $n99/($u99+0.000001)}")}"
done
pods=$(kubectl get pods -A --no-headers 2>/dev/null | wc -l)
services=$(kubectl get svc -A --no-headers 2>/dev/null | wc -l)
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$NK_PID/status")
# NK_PID is ./netkube's bash until it execs java: by now it is the JVM
hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$NK_PID/status")
peer_rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PEER_PID/status")
json+="],\"netkubeRssMiB\":$rss,\"netkubePeakRssMiB\":$hwm,\"unboundRssMiB\":$peer_rss,\"pods\":$pods,\"servicesInCluster\":$services,"
json+="\"coreDnsFormulaMB\":$(awk "BEGIN{printf \"%.1f\", ($pods + $services) * 0.000858 + 49.1}")}"
echo "$json"
