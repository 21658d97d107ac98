#!/usr/bin/env bash
# make demo: apply examples/quickstart against a local UbiOps API emulator,
# show that a second plan has no changes, destroy, and stop the emulator.
# Exits non-zero if any step fails. Needs bin/ built by `make build emulator`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
emulator_pid=""
cleanup() {
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }

step "Starting the UbiOps API emulator on a free loopback port"
"$root/bin/ubiops-emulator" -listen 127.0.0.1:0 -seed "$root/examples/emulator/seed.json" >"$work/emulator.out" 2>"$work/emulator.err" &
emulator_pid=$!
host=""
for _ in $(seq 1 100); do
  host=$(grep -o 'http://[^ ]*/v2.1' "$work/emulator.out" 2>/dev/null | head -n 1 || true)
  [ -n "$host" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.err" >&2; echo "the emulator exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$host" ] || { echo "the emulator did not print its address" >&2; exit 1; }
echo "emulator at $host"

# Terraform uses the provider just built, with no registry access.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/ubiops/ubiops" = "$root/bin"
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export UBIOPS_API_HOST="$host"
export UBIOPS_API_TOKEN="local-dev-token"
mkdir "$work/quickstart"
cp "$root"/examples/quickstart/*.tf "$work/quickstart/"
cd "$work/quickstart"

step "terraform apply"
terraform apply -auto-approve -input=false -no-color

step "terraform output"
terraform output -no-color

step "terraform plan (a second plan must have no changes)"
set +e
terraform plan -detailed-exitcode -input=false -no-color
code=$?
set -e
if [ "$code" -ne 0 ]; then
  echo "the second plan was not empty (exit code $code)" >&2
  exit 1
fi

step "terraform destroy"
terraform destroy -auto-approve -input=false -no-color

step "Requests the emulator received"
curl -fsS "${host%/v2.1}/__emulator/stats" || true
echo
step "Demo finished"
