#!/usr/bin/env bash
# Checks every Terraform example under examples/ as a user would run it:
#
#  1. formatted: terraform fmt -check;
#  2. valid: terraform validate;
#  3. runnable against the UbiOps API emulator started with the shipped seed
#     (examples/emulator/seed.json): terraform apply succeeds with no check
#     block failing, a second plan changes no resource, and terraform destroy
#     succeeds where the example manages resources. Each `terraform import`
#     line of an import.sh runs too. Every example gets a fresh emulator, so
#     none depends on what another did;
#  4. a module with tests (a tests/ folder of .tftest.hcl files, such as
#     modules/organization-team) is not applied as a root module: its
#     `terraform test` suite runs instead, against a fresh emulator.
#
# An example that needs a newer CLI than the terraform on PATH is listed as
# skipped: import blocks by identity (import-by-uuid-identity.tf) need
# Terraform 1.12; list blocks (*.tfquery.hcl, validated with -query and run
# with `terraform query`) need 1.14; the folders in needs_terraform below
# need the version given there. An import-by-uuid-identity.tf is checked
# on its own, with its folder but without the folder's other import blocks
# (a resource takes one). CI runs this script with the newest Terraform
# build as well (1.16.0-rc2).
#
# Works offline: the provider built here is installed through a dev_overrides
# CLI configuration, so nothing is fetched from a registry and no
# `terraform init` runs. Credentials come from use_emulator_credentials in
# local-provider.sh.
#
# Usage: scripts/check-examples.sh [examples-dir]
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
examples=${1:-examples}
seed=$root/examples/emulator/seed.json
# shellcheck source=scripts/local-provider.sh
. "$root/scripts/local-provider.sh"

command -v terraform >/dev/null 2>&1 || {
	echo "error: the Terraform CLI is not on PATH; the example checks need it." >&2
	exit 1
}

# at_least VERSION: the terraform on PATH is VERSION or later.
cli_version=$(terraform version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')
at_least() { [ "$(printf '%s\n%s\n' "$1" "$cli_version" | sort -V | head -n 1)" = "$1" ]; }
echo "==> Terraform $cli_version"
identity_example=import-by-uuid-identity.tf

fail=0
work=$(mktemp -d)
cleanup() {
	stop_emulator
	rm -rf "$work"
}
trap cleanup EXIT

echo "==> building the provider and the emulator"
go build -o "$work/bin/terraform-provider-ubiops" .
go build -o "$work/emulator/ubiops-emulator" ./internal/cmd/ubiops-emulator

write_dev_overrides "$work/terraformrc" "$work/bin"
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_CLI_ARGS TF_CLI_ARGS_validate TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_CLI_ARGS_destroy TF_CLI_ARGS_import TF_WORKSPACE
forget_ubiops_environment

echo "==> terraform fmt -check -recursive $examples"
if ! unformatted=$(terraform fmt -check -recursive -list=true "$examples"); then
	echo "error: these examples are not formatted; run 'terraform fmt -recursive $examples':" >&2
	echo "$unformatted" >&2
	fail=1
fi

# Folders, relative to the examples directory, that are applied but not
# destroyed, because UbiOps refuses their destroy by design:
# guides/importing manages the membership of acme-ml's last admin (Ada),
# which cannot be removed (the destroy guide explains it).
keep_after_apply=(guides/importing)

# Folders, relative to the examples directory, that need a newer Terraform
# than 1.11, and the version each needs: lifecycle { destroy = false } in a
# resource block is Terraform 1.16's.
declare -A needs_terraform=([guides/destroy-false]=1.16)

# cli_runs DIR: whether this CLI is recent enough for DIR; says so when it
# is not.
cli_runs() {
	local key needed=
	for key in "${!needs_terraform[@]}"; do
		case "/$1" in */"$key") needed=${needs_terraform[$key]} ;; esac
	done
	[ -z "$needed" ] && return 0
	at_least "$needed" && return 0
	echo "skip $1 (needs Terraform $needed, this is $cli_version)"
	return 1
}

# has_tests DIR: whether DIR is a module with a terraform test suite.
has_tests() {
	compgen -G "$1/tests/*.tftest.hcl" >/dev/null || compgen -G "$1/*.tftest.hcl" >/dev/null
}

# new_module DIR [EXCLUDED_FILE...] copies the example folder DIR into a
# fresh directory and prints its path. A folder without a required_providers
# block would have Terraform look for hashicorp/ubiops; declare ubiops/ubiops
# for it.
new_module() {
	local dir=$1 copy f
	shift
	copy=$(mktemp -d "$work/module.XXXXXX")
	for f in "$dir"/*.tf "$dir"/*.tfquery.hcl; do
		[ -e "$f" ] || continue
		case " $* " in *" $(basename "$f") "*) continue ;; esac
		cp "$f" "$copy"/
	done
	if ! grep -qs 'required_providers' "$copy"/*.tf; then
		cat >"$copy/zz_required_providers.tf" <<'TF'
terraform {
  required_providers {
    ubiops = {
      source = "ubiops/ubiops"
    }
  }
}
TF
	fi
	echo "$copy"
}

# report OK NAME LOG prints the outcome of one check, with the log of a
# failed one.
report() {
	if [ "$1" -eq 0 ]; then
		echo "ok   $2"
	else
		echo "FAIL $2" >&2
		sed 's/^/     /' "$3" >&2
		fail=1
	fi
}

# run_example LABEL DIR [EXCLUDED_FILE...] applies the example folder DIR
# against a fresh emulator, checks that a second plan changes no resource,
# and destroys what it manages unless DIR is in keep_after_apply.
run_example() {
	local label=$1 module log status=0 destroy=yes kept
	shift
	for kept in "${keep_after_apply[@]}"; do
		[ "$1" = "$examples/$kept" ] && destroy=no
	done
	module=$(new_module "$@")
	log="$module.log"
	start_emulator "$work/emulator/ubiops-emulator" "$seed" "$work" || return 1
	(
		export UBIOPS_API_HOST="$emulator_host"
		use_emulator_credentials
		cd "$module"
		terraform apply -auto-approve -input=false -no-color
		if grep -q 'Check block assertion failed' "$log"; then
			echo "error: a check block's assertion failed (see above)"
			exit 1
		fi
		# Data sources in check blocks are read again by every plan, so
		# "no changes" means no resource to add, change or destroy.
		plan=$(terraform plan -input=false -no-color)
		echo "$plan"
		if ! grep -Eq '^(No changes\.|Plan: 0 to add, 0 to change, 0 to destroy\.)' <<<"$plan"; then
			echo "error: the plan after apply wants to change resources"
			exit 1
		fi
		if compgen -G '*.tfquery.hcl' >/dev/null && at_least 1.14; then
			terraform query -no-color
			echo "terraform query: ok"
		fi
		managed=$(terraform state list | grep -v '^data\.' || true)
		if [ "$destroy" = yes ] && [ -n "$managed" ]; then
			terraform destroy -auto-approve -input=false -no-color
		fi
	) >"$log" 2>&1 || status=$?
	stop_emulator
	local done="apply, plan"
	grep -q '^terraform query: ok$' "$log" && done="$done, query"
	grep -q '^Destroy complete' "$log" && done="$done, destroy"
	report "$status" "$label: $done" "$log"
}

# run_imports DIR runs each `terraform import` line of DIR/import.sh in a
# fresh copy of the folder (without its import blocks) against a fresh
# emulator.
run_imports() {
	local line address id module log status
	while IFS= read -r line; do
		read -r _ _ address id <<<"$line"
		module=$(new_module "$1" import-by-string-id.tf "$identity_example")
		log="$module.log"
		status=0
		start_emulator "$work/emulator/ubiops-emulator" "$seed" "$work" || return 1
		(
			export UBIOPS_API_HOST="$emulator_host"
			use_emulator_credentials
			cd "$module"
			terraform import -input=false -no-color "$address" "$id"
		) >"$log" 2>&1 || status=$?
		stop_emulator
		report "$status" "$1/import.sh: terraform import $address $id" "$log"
	done < <(grep '^terraform import ' "$1/import.sh")
}

# run_module_tests DIR runs `terraform test` in a copy of the module folder
# DIR (its tests included) against a fresh emulator.
run_module_tests() {
	local module log status=0
	module=$(mktemp -d "$work/module.XXXXXX")
	cp -R "$1"/. "$module"/
	rm -rf "$module/.terraform" "$module"/terraform.tfstate*
	log="$module.log"
	start_emulator "$work/emulator/ubiops-emulator" "$seed" "$work" || return 1
	(
		export UBIOPS_API_HOST="$emulator_host"
		use_emulator_credentials
		cd "$module"
		terraform test -no-color
	) >"$log" 2>&1 || status=$?
	stop_emulator
	report "$status" "$1: terraform test ($(grep -c '^  run ".*\.\.\. pass$' "$log") runs passed)" "$log"
}

# Every folder that holds .tf or .tfquery.hcl files is a root module.
mapfile -t dirs < <(find "$examples" -name '.terraform' -prune -o -type f \( -name '*.tf' -o -name '*.tfquery.hcl' \) -printf '%h\n' | sort -u)

# identity_checks DIR: whether DIR's import blocks by identity are checked
# by this CLI; says so when they are not.
identity_checks() {
	[ -f "$1/$identity_example" ] || return 1
	at_least 1.12 && return 0
	echo "skip $1/$identity_example (needs Terraform 1.12, this is $cli_version)"
	return 1
}

# query_checks DIR: whether DIR's list blocks are checked by this CLI; says
# so when they are not.
query_checks() {
	compgen -G "$1/*.tfquery.hcl" >/dev/null || return 1
	at_least 1.14 && return 0
	echo "skip $1/*.tfquery.hcl (needs Terraform 1.14, this is $cli_version)"
	return 1
}

# validate LABEL DIR [EXCLUDED_FILE...] runs terraform validate on the folder,
# with its list blocks when the CLI has them.
validate() {
	local label=$1 module status=0 query=()
	shift
	module=$(new_module "$@")
	compgen -G "$module/*.tfquery.hcl" >/dev/null && at_least 1.14 && query=(-query)
	(cd "$module" && terraform validate "${query[@]}" -no-color) >"$module.log" 2>&1 || status=$?
	report "$status" "$label" "$module.log"
}

echo "==> terraform validate"
for dir in "${dirs[@]}"; do
	cli_runs "$dir" || continue
	query_checks "$dir" || true
	validate "$dir" "$dir" "$identity_example"
	if identity_checks "$dir"; then
		validate "$dir/$identity_example" "$dir" import-by-string-id.tf
	fi
done

echo "==> against the emulator with $seed"
for dir in "${dirs[@]}"; do
	cli_runs "$dir" || continue
	if has_tests "$dir"; then
		run_module_tests "$dir"
		continue
	fi
	run_example "$dir" "$dir" "$identity_example"
	if identity_checks "$dir"; then
		run_example "$dir/$identity_example" "$dir" import-by-string-id.tf
	fi
	if [ -f "$dir/import.sh" ]; then
		run_imports "$dir"
	fi
done

if [ "$fail" -ne 0 ]; then
	echo "error: some examples are unformatted, invalid or fail against the emulator (see above)." >&2
	exit 1
fi
echo "all ${#dirs[@]} example folders are formatted, valid, and run against the emulator's seed"
