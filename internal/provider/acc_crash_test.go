package provider

import (
	"fmt"
	"net/http"
	"testing"
)

// TestAccCrash_providerKilledInCreations: the provider is killed with SIGKILL in the
// middle of an apply of 40 memberships, after the server stored some that
// the state never recorded. The next apply takes those over (their admin
// flag is as configured) with a warning that names them, exits 0, and leaves
// the server holding exactly the configuration; a plan after it is empty.
func TestAccCrash_providerKilledInCreations(t *testing.T) {
	t.Parallel()
	const n = 40
	c := startCrash(t, "crash", killsProvider, isMemberCreation, 17)
	c.applyKilled(t, crashConfig(c.env, c.org, n, 0))
	c.expectOrphans(t)
	c.expectTakenOver(t, n)
}

// TestAccCrash_adoptionNeedsTheConfiguredAdminFlag: an address that is already a
// member with another admin flag than configured is not taken over: the
// apply fails saying what differs and how to import it, and changes
// nothing on the server.
func TestAccCrash_adoptionNeedsTheConfiguredAdminFlag(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("differs")
	env.createOrganization(t, org)
	if _, err := env.emulator(t).AddMember(org, "pat@example.com", false); err != nil {
		t.Fatal(err)
	}
	w := newCLIWorkspace(t)
	w.write(env.config(fmt.Sprintf(`
resource "ubiops_organization_user" "pat" {
  organization_name = %q
  email             = "pat@example.com"
  admin             = true
}
`, org)))
	out, code := w.run("apply", "-auto-approve")
	if code == 0 {
		t.Fatalf("the apply took over a membership whose admin flag differs:\n%s", out)
	}
	expectOutput(t, out, "pat@example.com is already a member of organization "+org+
		", as a regular member, while this configuration makes them an admin")
	expectOutput(t, out, `add an import block with id = "`+org+`/pat@example.com"`)
	if err := checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "pat@example.com": false})(nil); err != nil {
		t.Error(err)
	}
}

// TestAccCrash_providerKilledAfterOrganizationCreation: the provider is killed right
// after UbiOps created the organization. The next apply takes the
// organization over (the signed-in user is its admin, and it is as
// configured) with a warning, adds its members, and exits 0.
func TestAccCrash_providerKilledAfterOrganizationCreation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("orgcrash")
	c := &crashRun{env: env, org: org, w: newCLIWorkspace(t)}
	env.host, c.killed = killingProxy(t, env, c.w.killProvider, func(r *http.Request) bool {
		return r.Method == http.MethodPost && r.URL.Path == target(t, env)+"/organizations"
	}, 1)
	c.applyKilled(t, env.config(membersConfig(org, map[string]string{"a": "a@example.com,true", "b": "b@example.com"})))
	if _, ok := env.emulator(t).Organization(org); !ok {
		t.Fatal("the organization was not created before the provider was killed: the test proves nothing")
	}
	out := c.w.mustRun("apply", "-auto-approve")
	expectOutput(t, out, "Organization "+org+" already existed, with the signed-in user among its admins")
	if err := checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "a@example.com": true, "b@example.com": false})(nil); err != nil {
		t.Error(err)
	}
	if out, code := c.w.run("plan", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after convergence is not empty (exit %d):\n%s", code, out)
	}
}

// TestAccCrash_providerKilledInUpdateWave: the provider is killed with SIGKILL
// halfway through an apply that moves the admin flag of 20 of 40
// memberships, after the server made some of those changes. The state keeps
// them as they were; the next apply reads what the server holds, changes
// the rest, exits 0 and leaves the server holding exactly the
// configuration; a plan after it is empty.
func TestAccCrash_providerKilledInUpdateWave(t *testing.T) {
	t.Parallel()
	crashWave{prefix: "wave", layout: crashPerMembership, picks: isMemberUpdate, n: 40, toN: 40, toAdminAt: 1}.run(t)
}

// TestAccCrash_providerKilledInRemovalWave: the provider is killed with SIGKILL
// halfway through an apply that removes 20 of 40 memberships. The state
// still holds those UbiOps removed; the next apply's refresh drops them
// with a warning that does not blame someone outside Terraform alone, and
// the apply removes the rest, exits 0 and leaves the server holding
// exactly the configuration; a plan after it is empty.
func TestAccCrash_providerKilledInRemovalWave(t *testing.T) {
	t.Parallel()
	crashWave{prefix: "removals", layout: crashPerMembership, picks: isMemberRemoval, n: 40, toN: 20, recoveryOut: interruptedRemoval}.run(t)
}
