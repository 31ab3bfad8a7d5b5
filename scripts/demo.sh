#!/usr/bin/env bash
# make demo / make demo-destroy: apply or destroy examples/quickstart against
# the local simulator, offline, with the provider from the local mirror that
# `make mirror` filled. `up` then runs cmd/geocache-demo, which talks to every
# cache with its access key (keys are never printed).
#
# Expects the environment the GNUmakefile exports (TF_CLI_CONFIG_FILE,
# CHECKPOINT_DISABLE, PATH with .tools/bin, PROVIDER_BINARY).
set -Eeuo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/examples/quickstart"
tf="$root/.tools/bin/terraform"
bin="${PROVIDER_BINARY:-$root/terraform-provider-geocache}"
action="${1:-}"

die() { echo "demo: $*" >&2; exit 1; }
[[ -x "$tf" ]] || die "$tf missing: run through make (make demo)"
[[ -f "${TF_CLI_CONFIG_FILE:-}" ]] || die "TF_CLI_CONFIG_FILE is not set to a file: run through make (make demo)"
[[ -x "$bin" ]] || die "$bin missing: run through make (make demo)"
trap 'echo "demo: $action failed (see above)" >&2' ERR

export TF_IN_AUTOMATION=1 TF_INPUT=0

answers() { # host port: is something listening?
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

init() {
  # The lock file pins the hash of whatever binary was mirrored last; a
  # rebuild changes it, so it is recreated from the mirror every time.
  rm -f "$dir/.terraform.lock.hcl"
  "$tf" -chdir="$dir" init -input=false -upgrade >/dev/null
}

case "$action" in
up)
  if [[ -z "${GEOCACHE_ENDPOINT:-}" ]]; then
    if answers 127.0.0.1 7450; then
      echo "==> Using the simulator already listening on 127.0.0.1:7450"
    else
      echo "==> Nothing listens on 127.0.0.1:7450: the provider starts the simulator in the background"
      echo "    (state in ${GEOCACHE_STATE_DIR:-~/.geocache}; it keeps running after the demo)"
    fi
  else
    echo "==> Using the simulator at $GEOCACHE_ENDPOINT"
  fi
  echo "==> terraform init (offline, provider from .tools/mirror)"
  init
  echo "==> terraform apply in examples/quickstart"
  "$tf" -chdir="$dir" apply -auto-approve -input=false
  echo
  echo "==> Talking to every cache"
  go build -o "$root/.tools/bin/geocache-demo" "$root/cmd/geocache-demo"
  "$root/.tools/bin/geocache-demo" -dir "$dir" -terraform "$tf" -destroy-hint "make demo-destroy"
  echo
  echo "The simulator keeps running in the background; ./$(basename "$bin") sim status shows what it holds."
  ;;
down)
  if [[ ! -f "$dir/terraform.tfstate" ]]; then
    echo "==> examples/quickstart has no state: nothing to destroy"
    exit 0
  fi
  init
  echo "==> terraform destroy in examples/quickstart"
  "$tf" -chdir="$dir" destroy -auto-approve -input=false
  ;;
*)
  die "usage: $0 up|down"
  ;;
esac
