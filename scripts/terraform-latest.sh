#!/usr/bin/env bash
# Prints the path of a Terraform v1.14.3 binary (the newest the module proxy
# serves), building it when none is there yet (a few minutes). `go install`
# refuses this module: its go.mod replaces nine remote-state backends and
# internal/legacy with nested modules that the proxy's zip does not hold. So
# the module is copied, those nine backends are left out of
# internal/backend/init/init.go and go.mod, and ./ is built in the copy.
# State backends play no part in provider tests; local, http, inmem, remote
# and cloud stay.
set -euo pipefail
version=1.14.3
shared_dir="$(go env GOPATH)/bin/terraform-v${version}"

. "$(dirname "$0")/cli-cache.sh"

if is_wanted "${shared_dir}/terraform" "$version"; then
  echo "${shared_dir}/terraform"
  exit 0
fi

echo "building Terraform v${version} into ${shared_dir} (once; a few minutes)" >&2
module_dir=$(module_dir "github.com/hashicorp/terraform@v${version}")
work_dir=$(mktemp -d)
trap 'chmod -R u+w "$work_dir"; rm -rf "$work_dir"' EXIT
cp -R "$module_dir/." "$work_dir"
chmod -R u+w "$work_dir"

left_out="azure consul cos gcs kubernetes oci oss pg s3"
init="$work_dir/internal/backend/init/init.go"
for name in $left_out; do
  # The import line and the map entry of each backend; the entry's key is not
  # always the package name (azurerm), so it is found by the constructor.
  alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9]*\) \"github.com/hashicorp/terraform/internal/backend/remote-state/${name}\"$|\1|p" "$init")
  [ -n "$alias" ] || { echo "no import of remote-state/${name} in init.go" >&2; exit 1; }
  sed -i "\|\"github.com/hashicorp/terraform/internal/backend/remote-state/${name}\"|d; /${alias}\.New()/d" "$init"
  sed -i "\|github.com/hashicorp/terraform/internal/backend/remote-state/${name} |d" "$work_dir/go.mod"
done
sed -i '\|github.com/hashicorp/terraform/internal/legacy |d' "$work_dir/go.mod"

mkdir -p "$shared_dir"
# dev=no: a release build, which reports its version without "-dev".
(cd "$work_dir" && GOFLAGS=-mod=mod go build -trimpath \
  -ldflags "-X github.com/hashicorp/terraform/version.dev=no" -o "${shared_dir}/terraform" .) >&2
echo "${shared_dir}/terraform"
