package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// crashWholeList declares ubiops_organization_members.all for the existing
// organization org with exactly members (email to admin flag), the
// signed-in user among them. It is the one place that knows the resource's
// schema.
func crashWholeList(env *testEnv, org string, members map[string]bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"ubiops_organization_members\" \"all\" {\n  organization_name = %q\n  members = {\n", org)
	for _, email := range slices.Sorted(maps.Keys(members)) {
		fmt.Fprintf(&b, "    %q = %q\n", email, roleOf(members[email]))
	}
	b.WriteString("  }\n}\n")
	return env.config(b.String())
}

// TestAccCrash_providerKilledInMemberListCreation: the provider is killed with
// SIGKILL while it takes a whole member list of 40 over, after the server
// stored some of the additions. A creation that fails records nothing, so
// the next apply creates the resource again: it finds those members already
// there, keeps them, adds the rest, exits 0 and leaves the server holding
// exactly the list; a plan after it is empty.
func TestAccCrash_providerKilledInMemberListCreation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("listcrash")
	env.createOrganization(t, org)
	w := newCLIWorkspace(t)
	host, killed := killingProxy(t, env, w.killProvider, isMemberCreation, 17)
	env.host = host
	want := crashMembers(40, 0)
	w.write(crashWholeList(env, org, want))

	out, code := w.run("apply", "-auto-approve")
	if code == 0 || !killed.Load() {
		t.Fatalf("the apply was not interrupted (exit %d, killed %v):\n%s", code, killed.Load(), out)
	}
	if got := w.stateAddresses(); len(got) != 0 {
		t.Fatalf("the killed creation was recorded: %v", got)
	}
	if stored := len(env.emulator(t).Members(org)) - 1; stored < 17 {
		t.Fatalf("the server holds %d new members: the kill came too early, so the test proves nothing", stored)
	}

	w.mustRun("apply", "-auto-approve")
	expectConverged(t, env, w, org, want, 1)
}

// TestAccCrash_providerKilledInMemberListUpdate: the provider is killed with
// SIGKILL halfway through an update of a whole member list that moves the
// admin flag of 20 of its 40 members. The state keeps the list as it was
// before; the next apply reads what the server holds, changes the rest,
// exits 0 and leaves the server holding exactly the new list; a plan after
// it is empty.
func TestAccCrash_providerKilledInMemberListUpdate(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("listwave")
	env.createOrganization(t, org)
	w := newCLIWorkspace(t)
	host, killed := killingProxy(t, env, w.killProvider, isMemberUpdate, 8)
	env.host = host
	w.write(crashWholeList(env, org, crashMembers(40, 0)))
	w.mustRun("apply", "-auto-approve")

	want := crashMembers(40, 1)
	w.write(crashWholeList(env, org, want))
	out, code := w.run("apply", "-auto-approve")
	if code == 0 || !killed.Load() {
		t.Fatalf("the apply was not interrupted (exit %d, killed %v):\n%s", code, killed.Load(), out)
	}
	expectHalfway(t, env, org, crashMembers(40, 0), want)

	w.mustRun("apply", "-auto-approve")
	expectConverged(t, env, w, org, want, 1)
}

// TestAccCrash_providerKilledInMemberListRemoval: the provider is killed with
// SIGKILL halfway through an update that removes 20 of a whole list's 40
// members. The next apply's refresh finds those UbiOps removed gone, says
// that an interrupted run may have removed them, and the apply removes the
// rest, exits 0 and leaves the server holding exactly the list; a plan
// after it is empty.
func TestAccCrash_providerKilledInMemberListRemoval(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("listremovals")
	env.createOrganization(t, org)
	w := newCLIWorkspace(t)
	host, killed := killingProxy(t, env, w.killProvider, isMemberRemoval, 8)
	env.host = host
	w.write(crashWholeList(env, org, crashMembers(40, 0)))
	w.mustRun("apply", "-auto-approve")

	want := crashMembers(20, 0)
	w.write(crashWholeList(env, org, want))
	out, code := w.run("apply", "-auto-approve")
	if code == 0 || !killed.Load() {
		t.Fatalf("the apply was not interrupted (exit %d, killed %v):\n%s", code, killed.Load(), out)
	}
	expectHalfway(t, env, org, crashMembers(40, 0), want)

	out = w.mustRun("apply", "-auto-approve")
	expectOutput(t, out, interruptedRemoval)
	expectConverged(t, env, w, org, want, 1)
}
