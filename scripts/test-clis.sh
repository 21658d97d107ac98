#!/usr/bin/env bash
# make test-clis: runs the acceptance tests once per CLI binary named in
# TF_ACC_TERRAFORM_PATHS (separated by spaces, newlines or colons), Terraform
# or OpenTofu, and prints how long each run took. Tests that need a newer CLI
# skip themselves. Fails when any run fails; every CLI is run regardless.
#
#   TF_ACC_TERRAFORM_PATHS="bin/clis/terraform-1.15.9 bin/clis/tofu-1.12.6" make test-clis
#
# ACC_PACKAGES (default ./internal/provider/) and GOTEST_FLAGS (default
# -count=1 -timeout 60m) tune the go test command.
set -euo pipefail

cd "$(dirname "$0")/.."

paths=${TF_ACC_TERRAFORM_PATHS:-}
if [ -z "${paths//[[:space:]:]/}" ]; then
	echo "error: TF_ACC_TERRAFORM_PATHS names no CLI binary; set it to one or more paths of terraform or tofu binaries." >&2
	exit 2
fi
read -r -a packages <<<"${ACC_PACKAGES:-./internal/provider/}"
read -r -a flags <<<"${GOTEST_FLAGS:--count=1 -timeout 60m}"

# A CLI configuration file that is named but missing makes OpenTofu print a
# warning into `tofu version`, which terraform-plugin-testing cannot parse.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then
	: >"$work/empty.tfrc"
	export TF_CLI_CONFIG_FILE="$work/empty.tfrc"
fi
export CHECKPOINT_DISABLE=1

summary=()
failed=0
for cli in ${paths//:/ }; do
	if [ ! -x "$cli" ]; then
		echo "error: $cli is not an executable file" >&2
		summary+=("$(printf '%-40s %-22s %s' "$cli" "-" "MISSING")")
		failed=1
		continue
	fi
	cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")
	version=$("$cli" version 2>/dev/null | sed -n 1p)
	host=registry.terraform.io
	# OpenTofu installs providers from its own registry's namespace.
	case $version in OpenTofu*) host=registry.opentofu.org ;; esac
	echo "==> $version ($cli): go test ${flags[*]} ${packages[*]}"
	start=$(date +%s)
	if TF_ACC_TERRAFORM_PATH="$cli" TF_ACC_PROVIDER_HOST="$host" go test "${flags[@]}" "${packages[@]}"; then
		result=ok
	else
		result=FAIL
		failed=1
	fi
	took=$(($(date +%s) - start))
	summary+=("$(printf '%-40s %-22s %-4s %dm%02ds' "$cli" "$version" "$result" $((took / 60)) $((took % 60)))")
done

echo
echo "==> acceptance tests per CLI"
printf '%s\n' "${summary[@]}"
exit "$failed"
