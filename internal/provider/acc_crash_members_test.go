package provider

import "testing"

// TestAccCrash_providerKilledInMemberListCreation: the provider is killed with
// SIGKILL while it takes a whole member list of 40 over, after the server
// stored some of the additions. A creation that fails records nothing, so
// the next apply creates the resource again: it finds those members already
// there, keeps them, adds the rest, exits 0 and leaves the server holding
// exactly the list; a plan after it is empty.
func TestAccCrash_providerKilledInMemberListCreation(t *testing.T) {
	t.Parallel()
	c := startCrash(t, "listcrash", killsProvider, isMemberCreation, 17)
	c.applyKilled(t, crashOneList.config(c.env, c.org, 40, 0))
	if got := c.w.stateAddresses(); len(got) != 0 {
		t.Fatalf("the killed creation was recorded: %v", got)
	}
	if stored := len(c.env.emulator(t).Members(c.org)) - 1; stored < 17 {
		t.Fatalf("the server holds %d new members: the kill came too early, so the test proves nothing", stored)
	}

	c.w.mustRun("apply", "-auto-approve")
	expectConverged(t, c.env, c.w, c.org, crashMembers(40, 0), 1)
}

// TestAccCrash_providerKilledInMemberListUpdate: the provider is killed with
// SIGKILL halfway through an update of a whole member list that moves the
// admin flag of 20 of its 40 members. The state keeps the list as it was
// before; the next apply reads what the server holds, changes the rest,
// exits 0 and leaves the server holding exactly the new list; a plan after
// it is empty.
func TestAccCrash_providerKilledInMemberListUpdate(t *testing.T) {
	t.Parallel()
	crashWave{prefix: "listwave", layout: crashOneList, picks: isMemberUpdate, n: 40, toN: 40, toAdminAt: 1}.run(t)
}

// TestAccCrash_providerKilledInMemberListRemoval: the provider is killed with
// SIGKILL halfway through an update that removes 20 of a whole list's 40
// members. The next apply's refresh finds those UbiOps removed gone, says
// that an interrupted run may have removed them, and the apply removes the
// rest, exits 0 and leaves the server holding exactly the list; a plan
// after it is empty.
func TestAccCrash_providerKilledInMemberListRemoval(t *testing.T) {
	t.Parallel()
	crashWave{prefix: "listremovals", layout: crashOneList, picks: isMemberRemoval, n: 40, toN: 20, recoveryOut: interruptedRemoval}.run(t)
}
