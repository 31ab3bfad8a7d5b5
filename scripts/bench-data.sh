#!/usr/bin/env bash
# Data-plane benchmark: redis-benchmark against Debian's redis-server and a
# standalone simulated cache, in the same run, on free loopback ports.
#
#   scripts/bench-data.sh            # the matrix of `make bench-data`
#   REQUESTS=50000 scripts/bench-data.sh
#
# Needs redis-server and redis-benchmark (Debian: redis-server, redis-tools).
# To add a target (a group member, say), start it, then add a line to the
# TARGETS array below: "label host port password".
set -euo pipefail

REQUESTS=${REQUESTS:-200000}
CLIENTS=${CLIENTS:-50}
TESTS=${TESTS:-set,get,incr}
PIPELINES=${PIPELINES:-"1 16"}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for tool in redis-server redis-benchmark; do
	if ! command -v "$tool" >/dev/null; then
		echo "bench-data: $tool not found (apt-get install redis-server redis-tools)" >&2
		exit 2
	fi
done

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

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

password=bench-$RANDOM$RANDOM

# redis-server: loopback only, no persistence, same password.
redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
	--requirepass "$password" --dir "$work" --logfile "$work/redis.log" &
pids+=($!)

# A standalone simulated cache.
go build -o "$work/simcache" "$ROOT/internal/sim/resp/cmd/simcache"
sim_port=$(free_port)
"$work/simcache" -addr "127.0.0.1:$sim_port" -password "$password" >"$work/simcache.log" 2>&1 &
pids+=($!)

wait_ping 127.0.0.1 "$redis_port" "$password"
wait_ping 127.0.0.1 "$sim_port" "$password"

TARGETS=(
	"redis-server 127.0.0.1 $redis_port $password"
	"sim-standalone 127.0.0.1 $sim_port $password"
)

# bench LABEL HOST PORT PASSWORD PIPELINE -> lines "label P test rps"
bench() {
	redis-benchmark -h "$2" -p "$3" -a "$4" -t "$TESTS" -n "$REQUESTS" -c "$CLIENTS" -P "$5" --csv 2>/dev/null |
		awk -F, -v label="$1" -v p="$5" 'NR > 1 { gsub(/"/, ""); print label, p, $1, $2 }'
}

results="$work/results"
: >"$results"
for p in $PIPELINES; do
	# Alternate targets per pipeline depth so drift on a shared machine
	# hits both alike.
	for t in "${TARGETS[@]}"; do
		# shellcheck disable=SC2086
		bench $t "$p" | tee -a "$results"
	done
done

echo
echo "requests=$REQUESTS clients=$CLIENTS (ops/s; ratio = target / redis-server)"
awk '
	$1 == "redis-server" { base[$2 " " $3] = $4 }
	{ rows[NR] = $0 }
	END {
		printf "%-16s %3s %-6s %12s %7s\n", "target", "P", "test", "ops/s", "ratio"
		for (i = 1; i <= NR; i++) {
			split(rows[i], f, " ")
			b = base[f[2] " " f[3]]
			printf "%-16s %3s %-6s %12.0f %7.2f\n", f[1], f[2], f[3], f[4], (b > 0 ? f[4] / b : 0)
		}
	}' "$results"
