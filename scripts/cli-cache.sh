# Sourced by the scripts that build a CLI once per machine (terraform.sh,
# terraform-latest.sh, tofu.sh).

# is_wanted BINARY VERSION: the binary exists and reports that version.
is_wanted() {
  [ -x "$1" ] && "$1" version -json 2>/dev/null | grep -q "\"terraform_version\": \"$2\""
}

# module_dir MODULE@VERSION: downloads a module from the proxy and prints
# where it lies (read-only, in the module cache); fails with go's error.
module_dir() {
  local out dir
  out=$(cd "$(mktemp -d)" && GOFLAGS=-mod=mod go mod download -json "$1") || true
  dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$out")
  if [ -z "$dir" ]; then
    echo "cannot download $1:" >&2
    sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/  \1/p' <<<"$out" >&2
    return 1
  fi
  echo "$dir"
}
