#!/usr/bin/env bash
# Runs the guide "Adopting organizations and members in bulk with terraform
# query" (templates/guides/terraform-query.md.tmpl) against a local UbiOps
# API emulator started with examples/emulator/seed-200-members.json: the
# guide's main.tf and adopt.tfquery.hcl, taken from the guide itself, then
# terraform query, query -generate-config-out, plan, apply and a last plan.
# Fails unless the organization and its 200 members are imported with no
# other change and the last plan is empty. Prints every command's output and
# the requests each step made, which is what the guide quotes.
#
# Needs Terraform 1.14 or later as `terraform` on PATH; with an older one it
# says so and exits 0. Builds the provider and the emulator into a temporary
# folder.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/local-provider.sh
. "$root/scripts/local-provider.sh"
guide=$root/templates/guides/terraform-query.md.tmpl
seed=$root/examples/emulator/seed-200-members.json

version=$(terraform version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
if [ "$(printf '1.14.0\n%s\n' "$version" | sort -V | head -n 1)" != "1.14.0" ]; then
	echo "skip: the guide needs Terraform 1.14 or later for terraform query; this is $version"
	exit 0
fi

work=$(mktemp -d)
cleanup() {
	stop_emulator
	rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n==> %s\n' "$*"; }
fail() {
	echo "error: $*" >&2
	exit 1
}

step "building the provider and the emulator"
(cd "$root" && go build -o "$work/bin/terraform-provider-ubiops" . && go build -o "$work/ubiops-emulator" ./internal/cmd/ubiops-emulator)
start_emulator "$work/ubiops-emulator" "$seed" "$work"
write_dev_overrides "$work/terraformrc" "$work/bin"
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
forget_ubiops_environment
export UBIOPS_API_HOST="$emulator_host"
use_emulator_credentials
stats=${emulator_host%/v2.1}/__emulator/stats

# guide_file NAME prints the code block that follows the guide's
# "<!-- query-guide: NAME -->" marker.
guide_file() {
	awk -v marker="<!-- query-guide: $1 -->" '
		$0 == marker { found = 1; next }
		found && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }
	' "$guide"
}
mkdir "$work/adopt"
cd "$work/adopt"
for file in main.tf adopt.tfquery.hcl; do
	guide_file "$file" >"$file"
	[ -s "$file" ] || fail "the guide has no $file block"
done

# run STEP COMMAND...: runs a Terraform command as the guide does, printing
# its output (into $work/STEP.out too) and the requests it made.
run() {
	local name=$1
	shift
	curl -fsS -X POST "$stats/reset" >/dev/null
	step "$*"
	"$@" -no-color 2>&1 | tee "$work/$name.out"
	echo "requests: $(curl -fsS "$stats")"
}

run query terraform query
listed=$(grep -c '^list\.ubiops_organization_user\.ml_platform ' "$work/query.out" || true)
[ "$listed" -eq 200 ] || fail "terraform query listed $listed members of ml-platform, want 200"
grep -q '^list\.ubiops_organization\.mine .* ml-platform$' "$work/query.out" || fail "ml-platform is not listed"
! grep -q 'research-lab$' "$work/query.out" || fail "research-lab, where the user is a plain member, is listed"

run generate terraform query -generate-config-out=generated.tf
imports=$(grep -c '^import {' generated.tf || true)
[ "$imports" -eq 201 ] || fail "generated.tf has $imports import blocks, want 201"

run plan terraform plan -input=false
grep -q '^Plan: 201 to import, 0 to add, 0 to change, 0 to destroy\.$' "$work/plan.out" ||
	fail "the plan does not import exactly 201 objects with no other change"

run apply terraform apply -auto-approve -input=false
grep -q '^Apply complete! Resources: 201 imported, 0 added, 0 changed, 0 destroyed\.$' "$work/apply.out" ||
	fail "the apply did not import exactly 201 objects with no other change"

run replan terraform plan -input=false -detailed-exitcode
grep -q '^No changes\.' "$work/replan.out" || fail "the plan after the apply is not empty"

step "the guide's steps ran as written with Terraform $version"
