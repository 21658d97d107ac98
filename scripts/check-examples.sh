#!/usr/bin/env bash
# Checks every Terraform example under examples/: formatted (terraform fmt)
# and valid (terraform validate) against a freshly built provider. Works
# offline: the provider is installed through a dev_overrides CLI
# configuration, so nothing is fetched from a registry.
#
# Usage: scripts/check-examples.sh [examples-dir]
set -euo pipefail

cd "$(dirname "$0")/.."
examples=${1:-examples}

command -v terraform >/dev/null 2>&1 || {
	echo "error: the Terraform CLI is not on PATH; the example checks need it." >&2
	exit 1
}

fail=0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> building the provider"
go build -o "$work/bin/terraform-provider-ubiops" .

cat >"$work/terraformrc" <<CONFIG
provider_installation {
  dev_overrides {
    "registry.terraform.io/ubiops/ubiops" = "$work/bin"
  }
  direct {}
}
CONFIG
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_CLI_ARGS TF_CLI_ARGS_validate TF_WORKSPACE

echo "==> terraform fmt -check -recursive $examples"
if ! unformatted=$(terraform fmt -check -recursive -list=true "$examples"); then
	echo "error: these examples are not formatted; run 'terraform fmt -recursive $examples':" >&2
	echo "$unformatted" >&2
	fail=1
fi


# Every folder that holds .tf files is a root module to validate.
mapfile -t dirs < <(find "$examples" -name '.terraform' -prune -o -type f -name '*.tf' -printf '%h\n' | sort -u)
n=0
for dir in "${dirs[@]}"; do
	n=$((n + 1))
	copy="$work/modules/$n"
	mkdir -p "$copy"
	cp "$dir"/*.tf "$copy"/
	# A folder without a required_providers block would have Terraform look
	# for hashicorp/ubiops; declare ubiops/ubiops for it.
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
	if out=$(cd "$copy" && terraform validate -no-color 2>&1); then
		echo "ok   $dir"
	else
		echo "FAIL $dir" >&2
		echo "$out" | sed 's/^/     /' >&2
		fail=1
	fi
done

if [ "$fail" -ne 0 ]; then
	echo "error: some examples are unformatted or invalid (see above)." >&2
	exit 1
fi
echo "all ${#dirs[@]} example folders are formatted and valid"
