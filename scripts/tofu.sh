#!/usr/bin/env bash
# Prints the path of an OpenTofu v1.12.6 binary, building it from the Go
# module proxy when none is there yet (a few minutes). `go install` refuses
# OpenTofu's module (it has replace directives), so the module is downloaded
# and its ./cmd/tofu built where it lies, as its own main module.
set -euo pipefail
version=1.12.6
# A CLI configuration path that does not exist makes tofu print a warning
# into the output of `tofu version -json`.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then
  unset TF_CLI_CONFIG_FILE
fi
shared_dir="$(go env GOPATH)/bin/tofu-v${version}"

. "$(dirname "$0")/cli-cache.sh"

if is_wanted "${shared_dir}/tofu" "$version"; then
  echo "${shared_dir}/tofu"
  exit 0
fi

echo "building OpenTofu v${version} into ${shared_dir} (once; a few minutes)" >&2
module_dir=$(module_dir "github.com/opentofu/opentofu@v${version}")
mkdir -p "$shared_dir"
# dev=no: a release build, which reports its version without "-dev".
(cd "$module_dir" && GOFLAGS=-mod=mod go build -trimpath \
  -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "${shared_dir}/tofu" ./cmd/tofu) >&2
echo "${shared_dir}/tofu"
