package provider

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestAccCrash_terraformKilledInCreations: Terraform itself (not the provider) is
// killed with SIGKILL in the middle of an apply of 40 memberships, after the
// server stored some that the state never recorded. The local backend's
// lock dies with the process, so the next apply needs neither -lock=false
// nor force-unlock; it takes the stored memberships over with a warning,
// exits 0 and leaves the server holding exactly the configuration, and a
// plan after it is empty.
func TestAccCrash_terraformKilledInCreations(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("tfcrash")
	env.createOrganization(t, org)
	w := newCLIWorkspace(t)
	const n = 40
	host, killed := killingProxy(t, env, w.killTerraform, isMemberCreation, 17)
	env.host = host
	w.write(crashConfig(env, org, n, 0))

	out, code := w.run("apply", "-auto-approve")
	if !killed.Load() {
		t.Fatalf("the apply was not interrupted (exit %d):\n%s", code, out)
	}
	// The provider Terraform started outlives it; a runner that died takes
	// it along.
	if err := w.killProvider(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatalf("killing the orphaned provider: %v", err)
	}
	recorded := len(w.stateAddresses())
	stored := len(env.emulator(t).Members(org)) - 1 // the creator
	if stored <= recorded {
		t.Fatalf("the server holds %d new members and the state %d: no orphan, so the test proves nothing", stored, recorded)
	}
	if _, err := os.Stat(filepath.Join(w.dir, ".terraform.tfstate.lock.info")); err == nil {
		t.Log("the killed apply left .terraform.tfstate.lock.info behind; the lock itself died with the process")
	}

	out = w.mustRun("apply", "-auto-approve")
	expectOutput(t, out, "was already a member of organization "+org)
	expectOutput(t, out, "destroying this resource now removes")
	expectConverged(t, env, w, org, crashMembers(n, 0), n)
}
