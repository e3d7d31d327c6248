#!/usr/bin/env bash
# Benchmarks of the service proxy's data planes (issue 6), nftables and iptables side by side in one run on this machine
# (docs/BENCHMARKS.md has the method and the last results). Three network namespaces of its own,
# nothing else touched: a client, a node (the proxy's rules, forwarding) and a pod running Debian's
# nginx. Rules are generated and applied by the proxy's own sync path (nftables: generator, change tracker, nft;
# iptables: the iptables proxier, iptables-restore), without an API server, so that what is measured is the data plane:
# - throughput and latency (wrk) to the pod directly (the limit), via a cluster IP and a NodePort;
# - TCP connect time (curl's time_connect, the first packet's round trip) via a cluster IP with
#   10 / 1,000 / 10,000 / 30,000 services in the table;
# - sync time: a full sync of N services, and a partial sync after one change with 10,000.
#   bench/proxy.sh [SECONDS]       # wrk duration per run, default 5
#   SIZES="10 1000" bench/proxy.sh               # table sizes (default 10 1000 10000 30000)
#   MODES=iptables bench/proxy.sh                 # one mode only (default: nftables iptables)
set -euo pipefail
SECONDS_PER_RUN=${1:-5}
SIZES=${SIZES:-10 1000 10000 30000}
MODES=${MODES:-nftables iptables userspace}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
((EUID == 0)) || { echo "bench/proxy.sh: needs root (network namespaces)" >&2; exit 1; }
ensure_debian_packages nftables iptables iproute2 nginx curl wrk

P=nkx$(printf '%04x' $((RANDOM % 65536)))
CLIENT=$P-client NODE=$P-node POD=$P-pod
SCRATCH=$(mktemp -d /tmp/netkube-bench-proxy.XXXXXX)
cleanup() {
  [[ -f $SCRATCH/nginx.pid ]] && kill "$(<"$SCRATCH/nginx.pid")" 2>/dev/null || true
  for ns in "$CLIENT" "$POD" "$NODE"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

./mvnw -q -B -o -Dmaven.test.skip=true -pl netkube-bench -am package >/dev/null
BENCH_CP="$ROOT/netkube-bench/target/classes:$ROOT/netkube-bench/target/lib/*"
bench() { java -XX:+UseSerialGC -Xmx2g -cp "$BENCH_CP" dev.netkube.bench.Bench "$@"; }
json() { sed -nE "s/.*\"$1\":([0-9]+).*/\1/p" <<<"$2"; }

# client 10.250.1.2 -- 10.250.1.1 node 10.250.0.1 -- 10.250.0.2 pod
for ns in "$CLIENT" "$NODE" "$POD"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$NODE" link add c-$P type veth peer name eth0 netns "$CLIENT"
ip -n "$NODE" link add p-$P type veth peer name eth0 netns "$POD"
ip -n "$NODE" addr add 10.250.1.1/24 dev c-$P; ip -n "$NODE" addr add 10.250.0.1/24 dev p-$P
ip -n "$NODE" link set c-$P up; ip -n "$NODE" link set p-$P up
ip netns exec "$NODE" sysctl -qw net.ipv4.ip_forward=1
ip -n "$CLIENT" addr add 10.250.1.2/24 dev eth0; ip -n "$CLIENT" link set eth0 up; ip -n "$CLIENT" route add default via 10.250.1.1
ip -n "$POD" addr add 10.250.0.2/24 dev eth0; ip -n "$POD" link set eth0 up; ip -n "$POD" route add default via 10.250.0.1
cat >"$SCRATCH/nginx.conf" <<CONF
worker_processes 1;
pid $SCRATCH/nginx.pid;
error_log $SCRATCH/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $SCRATCH; proxy_temp_path $SCRATCH; fastcgi_temp_path $SCRATCH; uwsgi_temp_path $SCRATCH; scgi_temp_path $SCRATCH;
  server { listen 10.250.0.2:80 backlog=4096; root /var/www/html; index index.nginx-debian.html index.html; }
}
CONF
ip netns exec "$POD" /usr/sbin/nginx -c "$SCRATCH/nginx.conf"
for _ in $(seq 50); do ip netns exec "$CLIENT" curl -s -m 1 -o /dev/null http://10.250.0.2/ && break; sleep 0.1; done

wrk_run() { # URL -> "REQ_PER_S P50_MS P99_MS"
  ip netns exec "$CLIENT" wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" --latency "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END {printf "%d %.3f %.3f\n", rps, ms(p50), ms(p99)}'
}
connect_times() { # URL COUNT -> "P50_MS P99_MS" of TCP connect
  local i
  for i in $(seq "$2"); do ip netns exec "$CLIENT" curl -s -o /dev/null -w '%{time_connect}\n' "$1"; done \
    | sort -n | awk '{a[NR]=$1*1000} END {printf "%.3f %.3f\n", a[int(NR*0.5)], a[int(NR*0.99)]}'
}

flush_node_rules() { # nftables, and iptables' legacy (x_tables) tables, which nft does not see
  ip netns exec "$NODE" nft flush ruleset
  if command -v iptables-legacy >/dev/null; then
    for t in nat filter; do ip netns exec "$NODE" iptables-legacy -t "$t" -F; ip netns exec "$NODE" iptables-legacy -t "$t" -X; done
  fi
}
sync_bench() { # MODE N ROUNDS -> JSON line; the node's rules start from nothing for each run
  flush_node_rules
  if [[ $1 == nftables ]]; then bench proxy-sync "$NODE" "$2" "$3"; else bench iptables-sync "$NODE" "$2" "$3"; fi
}
ratio() { awk "BEGIN{printf \"%.2fx\", $1/$2}"; }
median_run() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
THROUGHPUT="" ROWS=""
USERSPACE_PID=""
stop_userspace() { # closing its stdin ends the proxy; its listeners and portal rules go with the flush
  if [[ -n $USERSPACE_PID ]]; then exec 7>&-; wait "$USERSPACE_PID" 2>/dev/null || true; USERSPACE_PID=""; fi
}
trap 'stop_userspace; cleanup' EXIT
for mode in $MODES; do
  echo "bench: $mode: data plane: direct, cluster IP, NodePort (wrk ${SECONDS_PER_RUN} s each, 3 rounds)" >&2
  if [[ $mode == userspace ]]; then
    # the proxy's listeners must live in the node's namespace: the bench JVM runs there, reading its stdin (fd 7)
    flush_node_rules
    exec 7> >(ip netns exec "$NODE" java -XX:+UseSerialGC -Xmx512m -cp "$BENCH_CP" dev.netkube.bench.Bench userspace-serve \
      >"$SCRATCH/userspace.out" 2>"$SCRATCH/userspace.err")
    USERSPACE_PID=$!
    for _ in $(seq 100); do grep -q ready "$SCRATCH/userspace.out" 2>/dev/null && break; sleep 0.2; done
    grep -q ready "$SCRATCH/userspace.out" || { echo "bench: the userspace proxy did not start:" >&2; cat "$SCRATCH/userspace.err" >&2; exit 1; }
  else
    SYNC10=$(sync_bench "$mode" 10 3)
    echo "bench: $mode: 10 services at start: $SYNC10" >&2
  fi
  # three rounds, the paths interleaved, the median round of each: single runs of wrk on two shared cores varied by
  # a quarter from one to the next
  DR=() CR=() NR=()
  for round in 1 2 3; do
    DR+=("$(wrk_run http://10.250.0.2/)"); CR+=("$(wrk_run http://10.96.0.100/)"); NR+=("$(wrk_run http://10.250.1.1:30080/)")
  done
  read -r D_RPS D_P50 D_P99 <<<"$(median_run "${DR[@]}")"
  read -r C_RPS C_P50 C_P99 <<<"$(median_run "${CR[@]}")"
  read -r N_RPS N_P50 N_P99 <<<"$(median_run "${NR[@]}")"
  echo "bench: $mode: wrk rounds (req/s p50 p99): direct ${DR[*]} | cluster IP ${CR[*]} | NodePort ${NR[*]}" >&2
  THROUGHPUT+="| $mode | $D_RPS ($D_P50 / $D_P99 ms) | $C_RPS ($C_P50 / $C_P99 ms) | $(ratio "$C_RPS" "$D_RPS") | $N_RPS ($N_P50 / $N_P99 ms) | $(ratio "$N_RPS" "$D_RPS") |"$'\n'
  if [[ $mode == userspace ]]; then
    # connections end at the proxy's listener, not at the pod: connect time and table sizes say nothing here
    stop_userspace
    continue
  fi
  read -r DC50 DC99 < <(connect_times http://10.250.0.2/ 300)
  for n in $SIZES; do
    echo "bench: $mode: $n services: full sync, partial syncs, connect time via the cluster IP" >&2
    out=$(sync_bench "$mode" "$n" 5)
    read -r C50 C99 < <(connect_times http://10.96.0.100/ 300)
    echo "bench: $mode: $n services: $out; connect p50/p99 $C50/$C99 ms" >&2
    if [[ $mode == nftables ]]; then
      detail="$(json partial_sync_ms_median "$out") ms (generating $(json partial_generate_ms_median "$out") ms; nft's one-element floor $(json nft_one_element_ms_median "$out") ms)"
    else
      detail="$(json partial_sync_ms_median "$out") ms"
    fi
    ROWS+="| $mode | $n | $(json full_sync_ms "$out") ms | $detail | $C50 / $C99 ms | $DC50 / $DC99 ms |"$'\n'
  done
done
flush_node_rules
cat <<TABLE
| mode (10 services) | pod IP directly (the limit): req/s (p50 / p99) | cluster IP | vs direct | NodePort on the node's IP | vs direct |
| --- | --- | --- | --- | --- | --- |
$THROUGHPUT
| mode | services | full sync | partial sync, one change (median of 5) | TCP connect via cluster IP p50 / p99 (the last service in iptables' list) | directly p50 / p99 (limit) |
| --- | --- | --- | --- | --- | --- |
$ROWS
TABLE
