#!/usr/bin/env bash
# Fails when the committed docs/ differ from what tfplugindocs generates from
# the schemas, templates/ and examples/. Generation runs in a temporary copy
# of the working tree, so docs/ is never touched; it is offline and uses the
# Terraform CLI on PATH (tfplugindocs downloads Terraform only when none is
# found, and the check refuses to run without one).
set -euo pipefail

cd "$(dirname "$0")/.."

command -v terraform >/dev/null 2>&1 || {
	echo "error: the Terraform CLI is not on PATH; tfplugindocs needs it to read the provider's schema." >&2
	exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Tracked and new (not ignored) files: what `make docs` would see.
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf - | tar -xf - -C "$work"

export CHECKPOINT_DISABLE=1
if ! out=$(cd "$work" && go tool tfplugindocs generate --provider-name ubiops 2>&1); then
	echo "$out" >&2
	echo "error: tfplugindocs failed (see above)." >&2
	exit 1
fi

if ! diff -ruN docs "$work/docs" >"$work/docs.diff"; then
	cat "$work/docs.diff" >&2
	echo "error: docs/ is out of date with the schemas, templates/ or examples/: run 'make docs' and commit the result." >&2
	exit 1
fi
echo "docs/ is up to date"
