#!/usr/bin/env bash
# Prints the path of a Terraform v1.5.7 binary, building it from the Go module
# proxy when none is there yet (about 3 minutes). v1.5.7 is the last
# MPL-licensed release and nothing else can be downloaded here.
set -euo pipefail
version=1.5.7
repo_root=$(cd "$(dirname "$0")/.." && pwd)
shared_dir="$(go env GOPATH)/bin/terraform-v${version}"

. "$(dirname "$0")/cli-cache.sh"

for candidate in "${repo_root}/.tools/bin/terraform" "${shared_dir}/terraform"; do
  if is_wanted "$candidate" "$version"; then
    echo "$candidate"
    exit 0
  fi
done

echo "building Terraform v${version} into ${shared_dir} (once; about 3 minutes)" >&2
GOBIN="$shared_dir" GOFLAGS=-mod=mod go install "github.com/hashicorp/terraform@v${version}" >&2
echo "${shared_dir}/terraform"
