#!/usr/bin/env bash
# make bench-apply: how much slower is Terraform with geocache resources than
# with resources that do no work at all (terraform_data)?
#
#   apply: (a) 30 geocache_cache in 10 replication groups of 3 regions, sku
#          Balanced_B3, against (b) 30 terraform_data; each applied back to
#          back, 3 rounds with a destroy in between; medians and ratio
#          (target <= 1.5x).
#   plan:  after applying both, `terraform plan` (with refresh) of 100 caches
#          vs 100 terraform_data and 300 vs 300, median of 3; ratios (target
#          <= 2x) and how each side grows from 100 to 300.
#
# Beside both, always, a third side: the same configuration as the caches
# (same locals, for_each and references) with noop_resource, from a provider
# that does nothing (internal/benchmark/noopprovider: the same
# terraform-plugin-framework, Create/Read/Update/Delete only set state). The
# script builds it into the filesystem mirror next to geocache and runs
# Terraform with a CLI config that installs both from there. It splits the
# gap: noop vs terraform_data is what any plugin provider pays (a process per
# phase, the plugin handshake, gRPC and the framework per resource call),
# caches vs noop is what geocache itself adds. With BASELINE=mirror, noop vs
# terraform_data is the plugin floor alone; with the default count baseline
# it also holds what Terraform spends on for_each and references. The targets
# stay on caches vs terraform_data. A short start-up section first times the
# plugin handshake of both binaries and `terraform providers schema -json` in
# each configuration (one provider start and GetProviderSchema; Terraform
# starts a provider three times per plan or apply but asks for its schema
# once), and sizes the schema each provider sends.
#
# It starts its own simulator (--latency off --provisioning-delay 0) on a free
# loopback port with a throw-away state dir and stops it on exit, so the
# numbers measure the provider and Terraform, not simulated provisioning.
# Targets are on wall time; CPU time (Terraform, its providers and the
# simulator) is printed beside it because it moves much less with the load of
# a shared machine.
# BENCH_STRICT=1 makes a missed target fail the run.
# BASELINE=mirror compares against the same configuration with terraform_data
# in place of every geocache resource (same locals, for_each and references)
# instead of N terraform_data with count: Terraform's own cost of evaluating
# for_each over a map is then on both sides.
#
# Expects the environment the GNUmakefile exports (run it as make bench-apply).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tf="$root/.tools/bin/terraform"
bin="${PROVIDER_BINARY:-$root/terraform-provider-geocache}"
rounds=3
plan_runs=3
apply_target=1.5
plan_target=2
baseline=${BASELINE:-count}
[[ "$baseline" == count || "$baseline" == mirror ]] || { echo "bench-apply: BASELINE must be count or mirror" >&2; exit 2; }

die() { echo "bench-apply: $*" >&2; exit 1; }
[[ -x "$tf" ]] || die "$tf missing: run it as make bench-apply"
[[ -f "${TF_CLI_CONFIG_FILE:-}" ]] || die "TF_CLI_CONFIG_FILE is not set to a file: run it as make bench-apply"
[[ -x "$bin" ]] || die "$bin missing: run it as make bench-apply"

work="$(mktemp -d "${TMPDIR:-/tmp}/geocache-bench.XXXXXX")"

# The no-op provider, built (offline, from this module) into the mirror that
# make mirror fills for geocache, under its own address. Replace rather than
# overwrite, as make mirror does.
mirror="$root/.tools/mirror"
noop_version=0.1.0
noop_dir="$mirror/registry.terraform.io/geocache/noop/$noop_version/$(go env GOOS)_$(go env GOARCH)"
noop_bin="$noop_dir/terraform-provider-noop_v$noop_version"
mkdir -p "$noop_dir"
(cd "$root" && go build -trimpath -o "$work/noop.tmp" ./internal/benchmark/noopprovider) || die "could not build the no-op provider"
mv -f "$work/noop.tmp" "$noop_bin"
# The CLI config of make's (scripts/tools.sh) with the no-op provider also
# taken from the mirror; every side runs with it.
cat >"$work/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/geocache/geocache", "registry.terraform.io/geocache/noop"]
  }
  direct {
    exclude = ["registry.terraform.io/geocache/geocache", "registry.terraform.io/geocache/noop"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraform.rc"
sim_pid=""
stop_sim() {
  [[ -n "$sim_pid" ]] || return 0
  if kill -0 "$sim_pid" 2>/dev/null; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$sim_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$sim_pid" 2>/dev/null; then
      echo "bench-apply: simulator did not stop on SIGTERM, killing it" >&2
      kill -KILL "$sim_pid" 2>/dev/null || true
    fi
  fi
  wait "$sim_pid" 2>/dev/null || true
  sim_pid=""
}
cleanup() {
  local rc=$?
  stop_sim
  if ((rc != 0)) && [[ -f "$work/sim.log" ]]; then
    echo "bench-apply: failed; last lines of the simulator's log:" >&2
    tail -n 20 "$work/sim.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# http_get PORT PATH: body of a plain HTTP/1.0 GET on loopback, with the
# bearer token; bash's /dev/tcp keeps the script free of curl.
http_get() (
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n\r\n' "$2" "$token" >&3
  resp="$(cat <&3)"
  [[ "$resp" == "HTTP/1."[01]" 200"* ]] || exit 1
  printf '%s\n' "${resp#*$'\r\n\r\n'}"
)

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The token travels in the environment, not on a command line that ps shows.
token="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export GEOCACHE_TOKEN="$token"
start_sim() {
  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    port_free "$port" || continue
    "$bin" sim serve --listen "127.0.0.1:$port" --state-dir "$work/state" \
      --latency off --provisioning-delay 0 >"$work/sim.log" 2>&1 &
    sim_pid=$!
    for _ in $(seq 1 150); do
      if ! kill -0 "$sim_pid" 2>/dev/null; then
        wait "$sim_pid" 2>/dev/null || true
        sim_pid=""
        break # lost the port to someone else, or failed: try again
      fi
      if http_get "$port" /healthz >/dev/null 2>&1; then
        sim_port=$port
        return 0
      fi
      sleep 0.1
    done
    stop_sim
    echo "bench-apply: simulator did not come up on port $port (attempt $attempt)" >&2
  done
  die "could not start the simulator; its log: $(cat "$work/sim.log" 2>/dev/null)"
}

start_sim
echo "simulator: 127.0.0.1:$sim_port (latency off, provisioning delay 0), state in a temp dir"
export GEOCACHE_ENDPOINT="http://127.0.0.1:$sim_port" GEOCACHE_AUTO_START=false
export TF_IN_AUTOMATION=1 TF_INPUT=0

mapfile -t regions < <(http_get "$sim_port" /v1/regions | grep -o '"name": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
((${#regions[@]} >= 3)) || die "the simulator listed ${#regions[@]} regions"

# gen_locals PREFIX N: the locals both shapes share: N/3 groups, each of 3
# regions taken in turn from the catalogue, and one cache entry per member.
gen_locals() {
  local prefix=$1 n=$2 g j i=0
  echo 'locals {'
  echo '  groups = {'
  for ((g = 0; g < n / 3; g++)); do
    local list=""
    for ((j = 0; j < 3; j++)); do
      list+="${list:+, }\"${regions[i % ${#regions[@]}]}\""
      i=$((i + 1))
    done
    printf '    "%s-g%03d" = [%s]\n' "$prefix" "$g" "$list"
  done
  cat <<'HCL'
  }
  caches = merge([
    for g, rs in local.groups : { for i, r in rs : "${g}-${i}" => { group = g, region = r } }
  ]...)
}
HCL
}

# gen_caches DIR PREFIX N: N caches in N/3 groups.
gen_caches() {
  local dir=$1
  mkdir -p "$dir"
  {
    cat <<'HCL'
terraform {
  required_providers {
    geocache = {
      source = "geocache/geocache"
    }
  }
}

# Endpoint and token come from GEOCACHE_ENDPOINT and GEOCACHE_TOKEN.
provider "geocache" {
  auto_start = false
}

HCL
    gen_locals "$2" "$3"
    cat <<'HCL'

resource "geocache_replication_group" "bench" {
  for_each = local.groups
  name     = each.key
}

resource "geocache_cache" "bench" {
  for_each             = local.caches
  name                 = each.key
  region               = each.value.region
  sku                  = "Balanced_B3"
  replication_group_id = geocache_replication_group.bench[each.value.group].id
}
HCL
  } >"$dir/main.tf"
}

# gen_noop DIR PREFIX N: the caches' configuration with noop_resource in
# place of both geocache resource types.
gen_noop() {
  local dir=$1
  mkdir -p "$dir"
  {
    cat <<'HCL'
terraform {
  required_providers {
    noop = {
      source = "geocache/noop"
    }
  }
}

provider "noop" {}

HCL
    gen_locals "$2" "$3"
    cat <<'HCL'

resource "noop_resource" "group" {
  for_each = local.groups
  name     = each.key
}

resource "noop_resource" "bench" {
  for_each = local.caches
  name     = each.key
  region   = each.value.region
  sku      = "Balanced_B3"
  group_id = noop_resource.group[each.value.group].id
}
HCL
  } >"$dir/main.tf"
}

# gen_data DIR PREFIX N: the do-nothing baseline. BASELINE=count (the
# default): N terraform_data with count. BASELINE=mirror: the caches'
# configuration itself, every geocache resource replaced by a terraform_data
# (N + N/3 of them), so that what Terraform spends on for_each and
# references is in both and the ratio is the provider's own cost.
gen_data() {
  local dir=$1
  mkdir -p "$dir"
  if [[ "$baseline" == mirror ]]; then
    {
      gen_locals "$2" "$3"
      cat <<'HCL'

resource "terraform_data" "group" {
  for_each = local.groups
  input    = each.key
}

resource "terraform_data" "bench" {
  for_each = local.caches
  input = {
    name   = each.key
    region = each.value.region
    sku    = "Balanced_B3"
    group  = terraform_data.group[each.value.group].id
  }
}
HCL
    } >"$dir/main.tf"
  else
    cat >"$dir/main.tf" <<HCL
resource "terraform_data" "bench" {
  count = $3
  input = "bench-\${count.index}"
}
HCL
  fi
}

tf_in() { local d=$1; shift; "$tf" -chdir="$d" "$@"; }
init() { tf_in "$1" init -input=false >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; die "terraform init failed in $1"; }; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# CPU time, in milliseconds, of what ran: Terraform and the providers it
# started (children this shell waited for, from `times`) plus the simulator
# (from /proc, where there is one). On a shared machine wall time swings with
# the load; CPU time much less, so it is reported beside it.
clk_tck=$(getconf CLK_TCK 2>/dev/null || echo 100)
# children_cpu_ms FILE: the children's line of what `times` wrote to FILE.
# `times` itself must run in the shell that waited for Terraform, not in a
# $(...) of its own, hence the file.
children_cpu_ms() {
  tail -n 1 "$1" | awk '{ms = 0; for (i = 1; i <= NF; i++) {v = $i; sub(/s$/, "", v); split(v, p, "m"); ms += (p[1] * 60 + p[2]) * 1000}; printf "%d", ms}'
}
sim_cpu_ms() {
  if [[ -n "$sim_pid" && -r "/proc/$sim_pid/stat" ]]; then
    # Fields after the parenthesised command name: utime and stime are 12 and 13.
    sed 's/^.*) //' "/proc/$sim_pid/stat" | awk -v t="$clk_tck" '{printf "%d", ($12 + $13) * 1000 / t}'
  else
    echo 0
  fi
}
# cpu_mark FILE: records the CPU time so far in FILE (call it directly, not
# in a $(...)); cpu_between FILE1 FILE2 prints the milliseconds between two
# marks.
cpu_mark() {
  times >"$1"
  sim_cpu_ms >>"$1"
}
cpu_between() {
  echo $(($(children_cpu_ms <(head -n 2 "$2")) - $(children_cpu_ms <(head -n 2 "$1")) + $(tail -n 1 "$2") - $(tail -n 1 "$1")))
}

# timed DIR LOG ARGS...: runs terraform ARGS in DIR, prints wall and CPU
# milliseconds.
timed() {
  local d=$1 log=$2 t0 t1 cpu rc=0
  shift 2
  cpu_mark "$work/cpu"
  t0=$(now_ms)
  tf_in "$d" "$@" >"$log" 2>&1 || rc=$?
  t1=$(now_ms)
  cpu_mark "$work/cpu.end"
  cpu=$(cpu_between "$work/cpu" "$work/cpu.end")
  if ((rc != 0)); then
    cat "$log" >&2
    die "terraform $* failed in $d"
  fi
  echo "$((t1 - t0)) $cpu"
}

# timed_plan DIR LOG: plan with refresh, which must find nothing to change
# (-detailed-exitcode: 0 no changes, 2 changes); prints wall and CPU
# milliseconds.
timed_plan() {
  local d=$1 log=$2 t0 t1 cpu rc=0
  cpu_mark "$work/cpu"
  t0=$(now_ms)
  tf_in "$d" plan -input=false -lock=false -detailed-exitcode >"$log" 2>&1 || rc=$?
  t1=$(now_ms)
  cpu_mark "$work/cpu.end"
  cpu=$(cpu_between "$work/cpu" "$work/cpu.end")
  case $rc in
  0) ;;
  2) echo "bench-apply: warning: plan in $d proposes changes right after apply" >&2 ;;
  *) cat "$log" >&2; die "terraform plan failed in $d" ;;
  esac
  echo "$((t1 - t0)) $cpu"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }
within() { awk -v r="$1" -v t="$2" 'BEGIN {exit !(r <= t)}'; }
missed=0
verdict() { # RATIO TARGET: sets $verdict, and $missed when over target
  if within "$1" "$2"; then verdict="met (<= ${2}x)"; else missed=1; verdict="MISSED (> ${2}x)"; fi
}
secs() { awk -v ms="$1" 'BEGIN {printf "%.2fs", ms / 1000}'; }

# own_share CACHES NOOP DATA: the part of the gap between caches and
# terraform_data that is not in the no-op provider's, in percent.
own_share() { awk -v c="$1" -v n="$2" -v d="$3" 'BEGIN {if (c > d) printf "%d%%", 100 * (c - n) / (c - d); else printf "n/a"}'; }
# report_noop CACHES NOOP DATA CACHES_CPU NOOP_CPU DATA_CPU: the two lines
# that split caches vs terraform_data at the no-op provider.
report_noop() {
  printf '  noop provider: %s (cpu %s); vs terraform_data %sx (cpu %sx): what any plugin provider pays\n' \
    "$(secs "$2")" "$(secs "$5")" "$(ratio "$2" "$3")" "$(ratio "$5" "$6")"
  printf '  caches vs noop provider: %sx (cpu %sx): geocache'"'"'s own share of the gap to terraform_data %s (cpu %s)\n' \
    "$(ratio "$1" "$2")" "$(ratio "$4" "$5")" "$(own_share "$1" "$2" "$3")" "$(own_share "$4" "$5" "$6")"
}

# go-plugin's handshake: Terraform sets this cookie for every provider it
# starts, and a provider prints its address line once it serves.
plugin_cookie=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2
# handshake_ms BIN: milliseconds from starting BIN as Terraform does to its
# handshake line; the provider is stopped again.
handshake_ms() {
  local t0 t1 line="" pid
  t0=$(date +%s%N)
  # Its socket goes in the work dir: a stopped provider leaves it behind.
  coproc HS { TMPDIR=$work TF_PLUGIN_MAGIC_COOKIE=$plugin_cookie PLUGIN_PROTOCOL_VERSIONS=6 exec "$1" 2>/dev/null; }
  pid=$HS_PID
  read -r -t 10 line <&"${HS[0]}" || true
  t1=$(date +%s%N)
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [[ "$line" == 1\|6\|* ]] || die "$1 did not complete the plugin handshake"
  echo $(((t1 - t0) / 1000000))
}

echo "terraform: $("$tf" version | head -n1), provider: $bin, baseline: $baseline"
echo "noop provider: $noop_bin"
gen_caches "$work/apply-caches" apply 30
gen_noop "$work/apply-noop" apply 30
gen_data "$work/apply-data" apply 30
init "$work/apply-caches"
init "$work/apply-noop"
init "$work/apply-data"

echo
echo "== start-up: plugin handshake, and terraform providers schema -json (start, GetProviderSchema, stop), median of 5"
hc=() hn=() sc=() sn=() sd=() scc=() snc=() sdc=()
for ((r = 1; r <= 5; r++)); do
  out=$(handshake_ms "$bin")
  hc+=("$out")
  out=$(handshake_ms "$noop_bin")
  hn+=("$out")
  out=$(timed "$work/apply-caches" "$work/schema-caches.json" providers schema -json)
  read -r a ac <<<"$out"
  out=$(timed "$work/apply-noop" "$work/schema-noop.json" providers schema -json)
  read -r b bc <<<"$out"
  out=$(timed "$work/apply-data" "$work/schema-data.json" providers schema -json)
  read -r d dc <<<"$out"
  sc+=("$a") sn+=("$b") sd+=("$d") scc+=("$ac") snc+=("$bc") sdc+=("$dc")
done
printf '  handshake: geocache %sms, noop provider %sms\n' "$(median "${hc[@]}")" "$(median "${hn[@]}")"
printf '  providers schema: caches %sms (cpu %sms, %s bytes of JSON), noop provider %sms (cpu %sms, %s bytes), terraform_data %sms (cpu %sms)\n' \
  "$(median "${sc[@]}")" "$(median "${scc[@]}")" "$(wc -c <"$work/schema-caches.json")" \
  "$(median "${sn[@]}")" "$(median "${snc[@]}")" "$(wc -c <"$work/schema-noop.json")" \
  "$(median "${sd[@]}")" "$(median "${sdc[@]}")"

echo
echo "== apply: 30 geocache_cache (10 groups of 3) vs 30 terraform_data, and 30 noop_resource (caches' HCL), $rounds rounds"
cache_ms=() data_ms=() cache_cpu=() data_cpu=() noop_ms=() noop_cpu=()
for ((r = 1; r <= rounds; r++)); do
  out=$(timed "$work/apply-caches" "$work/apply.log" apply -auto-approve -input=false)
  read -r c cc <<<"$out"
  out=$(timed "$work/apply-noop" "$work/apply.log" apply -auto-approve -input=false)
  read -r n nc <<<"$out"
  out=$(timed "$work/apply-data" "$work/apply.log" apply -auto-approve -input=false)
  read -r d dc <<<"$out"
  cache_ms+=("$c") data_ms+=("$d") cache_cpu+=("$cc") data_cpu+=("$dc") noop_ms+=("$n") noop_cpu+=("$nc")
  printf '  round %d: caches %s (cpu %s), terraform_data %s (cpu %s), noop provider %s (cpu %s)\n' "$r" \
    "$(secs "$c")" "$(secs "$cc")" "$(secs "$d")" "$(secs "$dc")" "$(secs "$n")" "$(secs "$nc")"
  timed "$work/apply-caches" "$work/destroy.log" destroy -auto-approve -input=false >/dev/null
  timed "$work/apply-noop" "$work/destroy.log" destroy -auto-approve -input=false >/dev/null
  timed "$work/apply-data" "$work/destroy.log" destroy -auto-approve -input=false >/dev/null
done
mc=$(median "${cache_ms[@]}")
md=$(median "${data_ms[@]}")
mn=$(median "${noop_ms[@]}")
apply_ratio=$(ratio "$mc" "$md")
verdict "$apply_ratio" "$apply_target"
printf '  median: caches %s, terraform_data %s, ratio %sx: %s\n' "$(secs "$mc")" "$(secs "$md")" "$apply_ratio" "$verdict"
mcc=$(median "${cache_cpu[@]}")
mdc=$(median "${data_cpu[@]}")
mnc=$(median "${noop_cpu[@]}")
printf '  median cpu: caches %s, terraform_data %s, ratio %sx\n' "$(secs "$mcc")" "$(secs "$mdc")" "$(ratio "$mcc" "$mdc")"
report_noop "$mc" "$mn" "$md" "$mcc" "$mnc" "$mdc"

declare -A plan_cache plan_data plan_noop
for n in 100 300; do
  echo
  echo "== plan: $n geocache_cache vs $n terraform_data, and $n noop_resource (applied first), median of $plan_runs"
  gen_caches "$work/plan-caches-$n" "p$n" "$n"
  gen_noop "$work/plan-noop-$n" "p$n" "$n"
  gen_data "$work/plan-data-$n" "p$n" "$n"
  init "$work/plan-caches-$n"
  init "$work/plan-noop-$n"
  init "$work/plan-data-$n"
  out=$(timed "$work/plan-caches-$n" "$work/apply.log" apply -auto-approve -input=false)
  read -r a _ <<<"$out"
  out=$(timed "$work/plan-noop-$n" "$work/apply.log" apply -auto-approve -input=false)
  read -r e _ <<<"$out"
  out=$(timed "$work/plan-data-$n" "$work/apply.log" apply -auto-approve -input=false)
  read -r b _ <<<"$out"
  printf '  applied in: caches %s, terraform_data %s, noop provider %s\n' "$(secs "$a")" "$(secs "$b")" "$(secs "$e")"
  cs=() ds=() ccs=() dcs=() ns=() ncs=()
  for ((r = 1; r <= plan_runs; r++)); do
    out=$(timed_plan "$work/plan-caches-$n" "$work/plan.log")
    read -r c cc <<<"$out"
    out=$(timed_plan "$work/plan-noop-$n" "$work/plan.log")
    read -r e ec <<<"$out"
    out=$(timed_plan "$work/plan-data-$n" "$work/plan.log")
    read -r d dc <<<"$out"
    cs+=("$c") ds+=("$d") ccs+=("$cc") dcs+=("$dc") ns+=("$e") ncs+=("$ec")
  done
  plan_cache[$n]=$(median "${cs[@]}")
  plan_data[$n]=$(median "${ds[@]}")
  plan_noop[$n]=$(median "${ns[@]}")
  pr=$(ratio "${plan_cache[$n]}" "${plan_data[$n]}")
  verdict "$pr" "$plan_target"
  printf '  median plan: caches %s, terraform_data %s, ratio %sx: %s\n' \
    "$(secs "${plan_cache[$n]}")" "$(secs "${plan_data[$n]}")" "$pr" "$verdict"
  mcc=$(median "${ccs[@]}")
  mdc=$(median "${dcs[@]}")
  mnc=$(median "${ncs[@]}")
  printf '  median plan cpu: caches %s, terraform_data %s, ratio %sx\n' "$(secs "$mcc")" "$(secs "$mdc")" "$(ratio "$mcc" "$mdc")"
  report_noop "${plan_cache[$n]}" "${plan_noop[$n]}" "${plan_data[$n]}" "$mcc" "$mnc" "$mdc"
  # Only one size lives in the simulator at a time.
  timed "$work/plan-caches-$n" "$work/destroy.log" destroy -auto-approve -input=false >/dev/null
  timed "$work/plan-noop-$n" "$work/destroy.log" destroy -auto-approve -input=false >/dev/null
  timed "$work/plan-data-$n" "$work/destroy.log" destroy -auto-approve -input=false >/dev/null
done

echo
echo "== growth of plan time from 100 to 300 resources"
printf '  caches: %s -> %s (x%s); terraform_data: %s -> %s (x%s)\n' \
  "$(secs "${plan_cache[100]}")" "$(secs "${plan_cache[300]}")" "$(ratio "${plan_cache[300]}" "${plan_cache[100]}")" \
  "$(secs "${plan_data[100]}")" "$(secs "${plan_data[300]}")" "$(ratio "${plan_data[300]}" "${plan_data[100]}")"
printf '  noop provider: %s -> %s (x%s)\n' \
  "$(secs "${plan_noop[100]}")" "$(secs "${plan_noop[300]}")" "$(ratio "${plan_noop[300]}" "${plan_noop[100]}")"

stop_sim
echo
echo "simulator stopped"
if ((missed)) && [[ "${BENCH_STRICT:-}" == 1 ]]; then
  die "a target was missed (BENCH_STRICT=1)"
fi
