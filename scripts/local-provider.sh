# Shell functions to run Terraform with a locally built provider against a
# local UbiOps API emulator, the way the guide "Use a locally built provider"
# describes. Sourced by demo.sh and check-examples.sh; not a script of its own.

# use_emulator_credentials exports how Terraform signs in to an emulator
# started with examples/emulator/seed.json: as a person, with email and
# password, the way people sign in to UbiOps. This is the one place the
# scripts set credentials.
use_emulator_credentials() {
	export UBIOPS_EMAIL=admin@example.com UBIOPS_PASSWORD=local-dev-password
}

# forget_ubiops_environment unsets every UBIOPS_* variable inherited from
# the caller, so that a real token or host in the caller's environment never
# reaches the emulator's runs, and the emulator's never mix with them.
forget_ubiops_environment() {
	local name
	for name in $(compgen -e | grep '^UBIOPS_' || true); do
		unset "$name"
	done
}

# write_dev_overrides FILE BIN_DIR writes a Terraform CLI configuration that
# takes ubiops/ubiops from BIN_DIR, with no registry and no `terraform init`,
# and every other provider from its registry as usual.
write_dev_overrides() {
	cat >"$1" <<CONFIG
provider_installation {
  dev_overrides {
    "registry.terraform.io/ubiops/ubiops" = "$2"
  }
  direct {}
}
CONFIG
}

# start_emulator EMULATOR SEED LOG_DIR starts the emulator binary EMULATOR
# on a free loopback port with the seed file SEED, and sets emulator_pid and
# emulator_host (its API base URL, read from the line it prints once it
# accepts connections). Its output goes to LOG_DIR/emulator.out and .err.
start_emulator() {
	local bin=$1 seed=$2 logs=$3
	emulator_host=""
	# Emptied here, not by the background job's own redirection, which may
	# run after the first look below: that look would find the address of
	# an emulator started earlier with the same logs, and stopped since.
	: >"$logs/emulator.out"
	"$bin" -listen 127.0.0.1:0 -seed "$seed" >>"$logs/emulator.out" 2>"$logs/emulator.err" &
	emulator_pid=$!
	for _ in $(seq 1 100); do
		emulator_host=$(grep -o 'http://[^ ]*/v2.1' "$logs/emulator.out" 2>/dev/null | head -n 1 || true)
		[ -n "$emulator_host" ] && return 0
		if ! kill -0 "$emulator_pid" 2>/dev/null; then
			cat "$logs/emulator.err" >&2
			echo "error: the emulator exited before it listened" >&2
			emulator_pid=""
			return 1
		fi
		sleep 0.1
	done
	echo "error: the emulator did not print its address within 10 seconds" >&2
	return 1
}

# stop_emulator stops the emulator start_emulator started, if any.
stop_emulator() {
	if [ -n "${emulator_pid:-}" ]; then
		kill "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
		emulator_pid=""
	fi
}
