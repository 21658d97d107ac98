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
	const n = 40
	c := startCrash(t, "tfcrash", killsTerraform, isMemberCreation, 17)
	c.applyKilled(t, crashConfig(c.env, c.org, n, 0))
	// The provider Terraform started outlives it; a runner that died takes
	// it along.
	if err := c.w.killProvider(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatalf("killing the orphaned provider: %v", err)
	}
	c.expectOrphans(t)
	if _, err := os.Stat(filepath.Join(c.w.dir, ".terraform.tfstate.lock.info")); err == nil {
		t.Log("the killed apply left .terraform.tfstate.lock.info behind; the lock itself died with the process")
	}
	c.expectTakenOver(t, n)
}
