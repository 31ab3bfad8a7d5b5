#!/usr/bin/env bash
# Data-plane benchmark, everything measured in the same run against Debian's
# redis-server on the same machine:
#
#  1. throughput: redis-benchmark (-t set,get,incr -n 200000 -c 50, -P 1 and
#     -P 16) against redis-server, a standalone simulated cache
#     (internal/sim/resp/cmd/simcache) and a member of a 3-region replication
#     group served by the simulator (`sim serve --latency off`), back to back
#     per test in each round, ROUNDS rounds; medians of ops/s and of
#     per-round ratios to redis-server. With two CPUs or more and taskset,
#     every server runs on the first CPU and redis-benchmark on the second
#     (PIN=0 turns this off): each server gets one core, as redis-server's
#     one command thread uses, and the client never competes with it, which
#     keeps run-to-run swings small;
#  2. replication lag at about 20,000 writes/s spread over 3 members, latency
#     off: the internal/sim ReplicationLag benchmark, ROUNDS runs, medians of
#     the engine's per-op lag histogram and of INFO crdt's lag_ms samples;
#  3. memory per key: MEMKEYS small string keys loaded with redis-cli --pipe
#     into redis-server and a fresh standalone cache, used_memory from INFO
#     memory (after MEMORY PURGE on both) before and after.
#
#   scripts/bench-data.sh                      # what `make bench-data` runs
#   ROUNDS=1 REQUESTS=50000 MEMKEYS=100000 scripts/bench-data.sh
#   LAG=0 MEM=0 scripts/bench-data.sh          # throughput only
#
# Needs redis-server, redis-benchmark and redis-cli (Debian: redis-server,
# redis-tools), python3 and curl.
set -euo pipefail

REQUESTS=${REQUESTS:-200000}
CLIENTS=${CLIENTS:-50}
TESTS=${TESTS:-set,get,incr}
PIPELINES=${PIPELINES:-"1 16"}
ROUNDS=${ROUNDS:-5}
LAG=${LAG:-1}
MEM=${MEM:-1}
MEMKEYS=${MEMKEYS:-1000000}
GROUP=${GROUP:-1}
# ONEPROC=1 adds, when not pinned, the standalone cache run with
# GOMAXPROCS=1: one core for the cache, the other left to redis-benchmark.
ONEPROC=${ONEPROC:-1}
PIN=${PIN:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for tool in redis-server redis-benchmark redis-cli python3 curl; do
	if ! command -v "$tool" >/dev/null; then
		echo "bench-data: $tool not found (apt-get install redis-server redis-tools python3 curl)" >&2
		exit 2
	fi
done

# server_cpu / client_cpu: prefixes that pin a command to a CPU, or empty.
server_cpu=()
client_cpu=()
if [[ $PIN == 1 ]] && command -v taskset >/dev/null; then
	read -r cpu_a cpu_b < <(python3 -c 'import os; c = sorted(os.sched_getaffinity(0)); print(*c[:2])')
	if [[ -n ${cpu_b:-} ]]; then
		server_cpu=(taskset -c "$cpu_a")
		client_cpu=(taskset -c "$cpu_b")
		ONEPROC=0 # a pinned cache already runs on one core
	fi
fi

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_ping() { # host port password
	for _ in $(seq 100); do
		if redis-cli -h "$1" -p "$2" -a "$3" --no-auth-warning PING 2>/dev/null | grep -q PONG; then return 0; fi
		sleep 0.1
	done
	echo "bench-data: nothing answers on $1:$2" >&2
	exit 1
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

password=bench-$RANDOM$RANDOM

start_redis() { # port
	"${server_cpu[@]}" redis-server --bind 127.0.0.1 --port "$1" --save "" --appendonly no \
		--requirepass "$password" --dir "$work" --logfile "$work/redis-$1.log" &
	pids+=($!)
}

start_simcache() { # port [env...]
	env "${@:2}" "${server_cpu[@]}" "$work/simcache" -addr "127.0.0.1:$1" -password "$password" >"$work/simcache-$1.log" 2>&1 &
	pids+=($!)
}

go build -o "$work/simcache" "$ROOT/internal/sim/resp/cmd/simcache"

redis_port=$(free_port)
start_redis "$redis_port"
sim_port=$(free_port)
start_simcache "$sim_port"
wait_ping 127.0.0.1 "$redis_port" "$password"
wait_ping 127.0.0.1 "$sim_port" "$password"

TARGETS=(
	"redis-server 127.0.0.1 $redis_port $password"
	"sim-standalone 127.0.0.1 $sim_port $password"
)
if [[ $ONEPROC == 1 ]]; then
	sim1_port=$(free_port)
	start_simcache "$sim1_port" GOMAXPROCS=1
	wait_ping 127.0.0.1 "$sim1_port" "$password"
	TARGETS+=("sim-standalone-1p 127.0.0.1 $sim1_port $password")
fi

# A member of a 3-region group, served by the simulator itself.
if [[ $GROUP == 1 ]]; then
	go build -o "$work/geocache" "$ROOT"
	ctl_port=$(free_port)
	token=tok-$RANDOM$RANDOM
	GEOCACHE_TOKEN=$token "${server_cpu[@]}" "$work/geocache" sim serve --listen "127.0.0.1:$ctl_port" --state-dir "$work/state" \
		--latency off --provisioning-delay 0s >"$work/sim.log" 2>&1 &
	pids+=($!)
	api() { # method path [body]
		curl -fsS -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
			${3:+--data "$3"} "http://127.0.0.1:$ctl_port/v1/$2"
	}
	up=0
	for _ in $(seq 100); do
		if curl -fsS "http://127.0.0.1:$ctl_port/healthz" >/dev/null 2>&1; then up=1 && break; fi
		sleep 0.1
	done
	if ((!up)); then
		echo "bench-data: the simulator did not answer on 127.0.0.1:$ctl_port; its log:" >&2
		cat "$work/sim.log" >&2
		exit 1
	fi
	api PUT replicationGroups/bench '{}' >/dev/null
	for r in eastus westeurope southeastasia; do
		api PUT "caches/bench-$r" "{\"region\":\"$r\",\"sku\":\"Balanced_B5\",\"replicationGroup\":\"bench\"}" >/dev/null
	done
	member=""
	for _ in $(seq 300); do
		member=$(api GET caches/bench-eastus | python3 -c '
import json, sys
c = json.load(sys.stdin)
if c["provisioningState"] == "Succeeded" and c["geoReplicationState"] == "Linked" and len(c["links"]) == 2:
    print(c["hostname"], c["port"], c["primaryAccessKey"])')
		[[ -n $member ]] && break
		sleep 0.1
	done
	if [[ -z $member ]]; then
		echo "bench-data: the group never linked" >&2
		exit 1
	fi
	read -r mhost mport mkey <<<"$member"
	wait_ping "$mhost" "$mport" "$mkey"
	TARGETS+=("sim-group-member $mhost $mport $mkey")
fi

# bench LABEL HOST PORT PASSWORD PIPELINE TEST -> lines "label P test rps"
bench() {
	"${client_cpu[@]}" redis-benchmark -h "$2" -p "$3" -a "$4" -t "$6" -n "$REQUESTS" -c "$CLIENTS" -P "$5" --csv 2>/dev/null |
		awk -F, -v label="$1" -v p="$5" 'NR > 1 { gsub(/"/, ""); print label, p, $1, $2 }'
}

results="$work/results"
: >"$results"
for round in $(seq "$ROUNDS"); do
	for p in $PIPELINES; do
		for test in ${TESTS//,/ }; do
			# The targets back to back per test, so that the runs a
			# ratio compares are seconds apart and meet the same machine.
			for t in "${TARGETS[@]}"; do
				# shellcheck disable=SC2086
				bench $t "$p" "$test" | sed "s/^/$round /" | tee -a "$results" >&2
			done
		done
	done
done

echo
if ((${#server_cpu[@]})); then
	pinned="servers on CPU $cpu_a, redis-benchmark on CPU $cpu_b"
else
	pinned="not pinned"
fi
echo "== throughput: requests=$REQUESTS clients=$CLIENTS, $pinned, $ROUNDS rounds"
echo "ops/s: median of the rounds; ratio: median of the rounds' target / redis-server in the same round (min-max)"
# A round's targets run back to back, so a round's ratio compares runs
# that met the same machine; medians of ratios resist the machine's slow
# swings better than a ratio of medians.
for p in $PIPELINES; do
	# Test names are single words (SET, GET, INCR).
	# shellcheck disable=SC2013
	for test in $(awk -v p="$p" '$3 == p && !seen[$4]++ { print $4 }' "$results"); do
		for t in "${TARGETS[@]}"; do
			label=${t%% *}
			m=$(awk -v l="$label" -v p="$p" -v t="$test" '$2 == l && $3 == p && $4 == t { print $5 }' "$results" | median)
			ratios=$(awk -v l="$label" -v p="$p" -v t="$test" '
				$3 == p && $4 == t && $2 == "redis-server" { base[$1] = $5 }
				$3 == p && $4 == t && $2 == l { own[$1] = $5 }
				END { for (r in own) if (base[r] > 0) print own[r] / base[r] }' "$results")
			r=$(median <<<"$ratios")
			lo=$(sort -g <<<"$ratios" | head -1)
			hi=$(sort -g <<<"$ratios" | tail -1)
			printf "%-17s %3s %-6s %12.0f %7.2f  (%.2f-%.2f)\n" "$label" "$p" "$test" "$m" "$r" "$lo" "$hi"
		done
	done
done | { printf "%-17s %3s %-6s %12s %7s\n" target P test ops/s ratio; cat; }

if [[ $LAG == 1 ]]; then
	echo
	echo "== replication lag: 3 members, latency off, ~20,000 writes/s (go test ./internal/sim -bench ReplicationLag), median of $ROUNDS runs"
	(cd "$ROOT" && go test ./internal/sim -run '^$' -bench ReplicationLag -benchtime 1x -count "$ROUNDS") >"$work/lag" 2>&1 || {
		cat "$work/lag" >&2
		exit 1
	}
	for metric in writes/s p50-lag-ms p99-lag-ms max-lag-ms info-p50-lag-ms info-p99-lag-ms; do
		v=$(awk -v m="$metric" '/^BenchmarkReplicationLag/ { for (i = 2; i <= NF; i++) if ($i == m) print $(i - 1) }' "$work/lag" | median)
		all=$(awk -v m="$metric" '/^BenchmarkReplicationLag/ { for (i = 2; i <= NF; i++) if ($i == m) printf "%s ", $(i - 1) }' "$work/lag")
		printf "%-16s %10s   (runs: %s)\n" "$metric" "$v" "$all"
	done
	echo "p50/p99-lag-ms: the engine's histogram, every op applied by a peer, from the origin's acknowledgement to the peer's apply"
	echo "info-p50/p99-lag-ms: INFO crdt lag_ms of every link, sampled every 5ms"
fi

if [[ $MEM == 1 ]]; then
	echo
	echo "== memory: $MEMKEYS string keys (key:NNNNNNNNNN, 16-byte values), used_memory from INFO memory after MEMORY PURGE"
	mem_redis=$(free_port)
	start_redis "$mem_redis"
	mem_sim=$(free_port)
	start_simcache "$mem_sim"
	wait_ping 127.0.0.1 "$mem_redis" "$password"
	wait_ping 127.0.0.1 "$mem_sim" "$password"
	python3 - "$MEMKEYS" >"$work/load.resp" <<'EOF'
import sys
out = sys.stdout.buffer
val = b"v" * 16
for i in range(int(sys.argv[1])):
    k = b"key:%010d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(val), val))
EOF
	used() { # port
		redis-cli -p "$1" -a "$password" --no-auth-warning MEMORY PURGE >/dev/null
		redis-cli -p "$1" -a "$password" --no-auth-warning INFO memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'
	}
	printf "%-17s %14s %14s %10s %12s\n" target before after keys bytes/key
	for t in "redis-server $mem_redis" "sim-standalone $mem_sim"; do
		read -r label port <<<"$t"
		before=$(used "$port")
		redis-cli -p "$port" -a "$password" --no-auth-warning --pipe <"$work/load.resp" >/dev/null
		after=$(used "$port")
		keys=$(redis-cli -p "$port" -a "$password" --no-auth-warning DBSIZE)
		per=$(((after - before) / MEMKEYS))
		printf "%-17s %14s %14s %10s %12s\n" "$label" "$before" "$after" "$keys" "$per"
		echo "$label $per" >>"$work/mem"
	done
	awk '$1 == "redis-server" { r = $2 } $1 == "sim-standalone" { s = $2 } END { if (r > 0) printf "ratio sim-standalone / redis-server: %.2f\n", s / r }' "$work/mem"
fi
