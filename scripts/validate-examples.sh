#!/usr/bin/env bash
# Runs `terraform validate` on every example folder, offline, with the
# provider from the local mirror (make mirror): the examples feed the docs, so
# one that no longer matches the schema must fail the build, not the reader.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tf="$root/.tools/bin/terraform"
[[ -x "$tf" && -f "${TF_CLI_CONFIG_FILE:-}" ]] || { echo "validate-examples: run it through make" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/geocache-examples.XXXXXX")"
trap 'rm -rf "$work"' EXIT

provider_block='terraform {
  required_providers {
    geocache = {
      source = "geocache/geocache"
    }
  }
}
'

failed=0
while IFS= read -r dir; do
  rel="${dir#"$root"/}"
  # Validate a copy, so no .terraform or lock file lands in the examples.
  copy="$work/$rel"
  mkdir -p "$copy"
  cp "$dir"/*.tf "$copy"/
  if ! grep -q 'required_providers' "$copy"/*.tf; then
    printf '%s' "$provider_block" >"$copy/zz_provider.tf"
  fi
  if "$tf" -chdir="$copy" init -input=false -backend=false >"$copy.log" 2>&1 &&
    "$tf" -chdir="$copy" validate -no-color >>"$copy.log" 2>&1; then
    echo "ok      $rel"
  else
    echo "INVALID $rel"
    sed 's/^/    /' "$copy.log"
    failed=1
  fi
done < <(find "$root/examples" -name '*.tf' -not -path '*/.terraform/*' -exec dirname {} \; | sort -u)
exit "$failed"
