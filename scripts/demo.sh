#!/usr/bin/env bash
# The main job: start the standalone mock DiDi Cloud, then let a real
# Terraform copy an image with the freshly built provider, show the result,
# prove the next plan is empty, and destroy it. Run it through `make demo`.
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo_root"
terraform_bin=${TERRAFORM:-$(./scripts/terraform.sh)}
work=$(mktemp -d)
mock_pid=""

cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/didiyun-mock" ./internal/mockserver/cmd/didiyun-mock
export DIDIYUN_TOKEN=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
"$work/didiyun-mock" -listen 127.0.0.1:0 -token "$DIDIYUN_TOKEN" -job-duration "${DEMO_JOB_DURATION:-3s}" \
  -endpoint-file "$work/endpoint" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do [ -s "$work/endpoint" ] && break; sleep 0.1; done
[ -s "$work/endpoint" ] || { cat "$work/mock.log"; echo "the mock server did not start" >&2; exit 1; }

export DIDIYUN_ENDPOINT=$(cat "$work/endpoint")
export DIDIYUN_REGION=gz
export CHECKPOINT_DISABLE=1
# Use the provider in ./bin instead of the Registry.
cat >"$work/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/didiyun/didiyun" = "${repo_root}/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraform.rc"

cp examples/demo/main.tf "$work/"
tf() { "$terraform_bin" -chdir="$work" "$@"; }

echo "== mock DiDi Cloud at $DIDIYUN_ENDPOINT; Terraform $("$terraform_bin" version | head -n 1)"
# No `terraform init`: with a development override Terraform uses ./bin
# directly, and init would still ask the Registry for a published version.
tf apply -auto-approve -input=false -no-color
echo "== copied image id: $(tf output -raw image_id)"
echo "== the data sources see it as:"; tf output -no-color copies_in_gz
tf plan -detailed-exitcode -input=false -no-color >/dev/null && echo "== the plan after apply is empty"
tf destroy -auto-approve -input=false -no-color | tail -n 1
