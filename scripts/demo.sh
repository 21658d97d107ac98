#!/usr/bin/env bash
# make demo: apply examples/quickstart against a local UbiOps API emulator,
# show that a second plan has no changes, destroy, and stop the emulator.
# Exits non-zero if any step fails. Needs bin/ built by `make build emulator`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/local-provider.sh
. "$root/scripts/local-provider.sh"
work=$(mktemp -d)
cleanup() {
  stop_emulator
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }

step "Starting the UbiOps API emulator on a free loopback port"
start_emulator "$root/bin/ubiops-emulator" "$root/examples/emulator/seed.json" "$work"
echo "emulator at $emulator_host"

# Terraform uses the provider just built, with no registry access.
write_dev_overrides "$work/terraformrc" "$root/bin"
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
forget_ubiops_environment
export UBIOPS_API_HOST="$emulator_host"
use_emulator_credentials
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
curl -fsS "${emulator_host%/v2.1}/__emulator/stats" || true
echo
step "Demo finished"
