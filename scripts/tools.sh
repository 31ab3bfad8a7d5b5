#!/usr/bin/env bash
# Prepares the offline Terraform toolchain every make target shares, under
# .tools/ (gitignored):
#   .tools/bin/terraform  a Terraform CLI >= 1.5: the one on PATH when it is
#                         recent enough, else 1.5.7 built once from source
#                         through the Go module proxy (no release downloads)
#   .tools/terraform.rc   the CLI config: providers of geocache/geocache come
#                         from the local mirror .tools/mirror, others direct
# Prints nothing on success unless it had to build Terraform.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
min_major=1 min_minor=5
fallback_version=v1.5.7

mkdir -p "$tools/bin" "$tools/mirror"

# The environment may point TF_CLI_CONFIG_FILE at a file that does not exist,
# which makes every terraform command complain; ours always exists.
cat >"$tools/terraform.rc.tmp" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$tools/mirror"
    include = ["registry.terraform.io/geocache/geocache"]
  }
  direct {
    exclude = ["registry.terraform.io/geocache/geocache"]
  }
}
RC
mv -f "$tools/terraform.rc.tmp" "$tools/terraform.rc"
export TF_CLI_CONFIG_FILE="$tools/terraform.rc" CHECKPOINT_DISABLE=1

recent_enough() {
  local v
  v="$("$1" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9.]*\).*/\1/p' | head -n1)"
  [[ -n "$v" ]] || return 1
  local major="${v%%.*}" rest="${v#*.}"
  local minor="${rest%%.*}"
  ((major > min_major || (major == min_major && minor >= min_minor)))
}

# Search PATH without our own bin folder, which would only find the link we
# are about to (re)write.
candidate=""
IFS=: read -r -a path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
  [[ -n "$d" && "$d" != "$tools/bin" && -x "$d/terraform" ]] || continue
  candidate="$d/terraform"
  break
done

if [[ -n "$candidate" ]] && recent_enough "$candidate"; then
  target="$candidate"
else
  target="$tools/go/bin/terraform"
  if ! { [[ -x "$target" ]] && recent_enough "$target"; }; then
    echo "tools: no terraform >= $min_major.$min_minor on PATH; building Terraform $fallback_version with go install (once)" >&2
    GOBIN="$tools/go/bin" GOFLAGS="" go install "github.com/hashicorp/terraform@$fallback_version"
    recent_enough "$target" || { echo "tools: $target does not report a usable version" >&2; exit 1; }
  fi
fi

if [[ "$(readlink "$tools/bin/terraform" 2>/dev/null || true)" != "$target" ]]; then
  ln -sfn "$target" "$tools/bin/terraform"
fi
