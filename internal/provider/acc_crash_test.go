package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// crashConfig declares n memberships of org, every fourth one an admin
// (those whose index leaves adminAt when divided by 4).
func crashConfig(env *testEnv, org string, n, adminAt int) string {
	return env.config(fmt.Sprintf(`
resource "ubiops_organization_user" "m" {
  count             = %d
  organization_name = %q
  email             = "crash-${count.index}@example.com"
  admin             = count.index %% 4 == %d
}
`, n, org, adminAt))
}

// crashMembers is the server's member list that crashConfig asks for,
// the organization's creator included.
func crashMembers(n, adminAt int) map[string]bool {
	want := map[string]bool{emulatorAdmin: true}
	for i := range n {
		want[fmt.Sprintf("crash-%d@example.com", i)] = i%4 == adminAt
	}
	return want
}

// expectHalfway stops the test unless the server holds neither before nor
// after as org's members: a kill that came before the first change or after
// the last one proves nothing.
func expectHalfway(t *testing.T, env *testEnv, org string, before, after map[string]bool) {
	t.Helper()
	if checkServerMembers(env, org, before)(nil) == nil || checkServerMembers(env, org, after)(nil) == nil {
		t.Fatal("the kill did not come halfway through the changes, so the test proves nothing")
	}
}

// expectConverged fails the test unless the server holds exactly want as
// org's members, the state holds resources objects and a plan finds
// nothing to do.
func expectConverged(t *testing.T, env *testEnv, w *cliWorkspace, org string, want map[string]bool, resources int) {
	t.Helper()
	if err := checkServerMembers(env, org, want)(nil); err != nil {
		t.Error(err)
	}
	if got := len(w.stateAddresses()); got != resources {
		t.Errorf("the state holds %d resources, want %d", got, resources)
	}
	if out, code := w.run("plan", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after convergence is not empty (exit %d):\n%s", code, out)
	}
}

// killingProxy forwards everything to the emulator and, once the emulator
// has stored the killAt-th write that picks, calls kill (which kills the
// provider or Terraform) before its answer leaves: the change is made, and
// Terraform never hears of it.
func killingProxy(t *testing.T, env *testEnv, kill func() error, picks func(*http.Request) bool, killAt int32) (host string, killed *atomic.Bool) {
	t.Helper()
	target, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	forwarder := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	var creations atomic.Int32
	killed = new(atomic.Bool)
	var once sync.Once
	proxy := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !picks(r) || creations.Add(1) != killAt {
			forwarder.ServeHTTP(rw, r)
			return
		}
		forwarder.ServeHTTP(httptest.NewRecorder(), r) // stored on the server
		once.Do(func() {
			if err := kill(); err != nil {
				t.Errorf("killing: %v", err)
				return
			}
			killed.Store(true)
		})
		http.Error(rw, `{"error": "the provider is gone"}`, http.StatusBadGateway)
	}))
	t.Cleanup(proxy.Close)
	return proxy.URL + target.Path, killed
}

// TestAccCrash_providerKilledInCreations: the provider is killed with SIGKILL in the
// middle of an apply of 40 memberships, after the server stored some that
// the state never recorded. The next apply takes those over (their admin
// flag is as configured) with a warning that names them, exits 0, and leaves
// the server holding exactly the configuration; a plan after it is empty.
func TestAccCrash_providerKilledInCreations(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("crash")
	env.createOrganization(t, org)
	w := newCLIWorkspace(t)
	const n = 40
	host, killed := killingProxy(t, env, w.killProvider, isMemberCreation, 17)
	env.host = host
	w.write(crashConfig(env, org, n, 0))

	out, code := w.run("apply", "-auto-approve")
	if code == 0 || !killed.Load() {
		t.Fatalf("the apply was not interrupted (exit %d, killed %v):\n%s", code, killed.Load(), out)
	}
	recorded := len(w.stateAddresses())
	stored := len(env.emulator(t).Members(org)) - 1 // the creator
	if stored <= recorded {
		t.Fatalf("the server holds %d new members and the state %d: no orphan, so the test proves nothing", stored, recorded)
	}

	out = w.mustRun("apply", "-auto-approve")
	expectOutput(t, out, "was already a member of organization "+org)
	expectOutput(t, out, "destroying this resource now removes")
	expectConverged(t, env, w, org, crashMembers(n, 0), n)
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
	w := newCLIWorkspace(t)
	host, killed := killingProxy(t, env, w.killProvider, func(r *http.Request) bool {
		return r.Method == http.MethodPost && r.URL.Path == target(t, env)+"/organizations"
	}, 1)
	env.host = host
	w.write(env.config(membersConfig(org, map[string]string{"a": "a@example.com,true", "b": "b@example.com"})))

	if out, code := w.run("apply", "-auto-approve"); code == 0 || !killed.Load() {
		t.Fatalf("the apply was not interrupted (exit %d, killed %v):\n%s", code, killed.Load(), out)
	}
	if _, ok := env.emulator(t).Organization(org); !ok {
		t.Fatal("the organization was not created before the provider was killed: the test proves nothing")
	}
	out := w.mustRun("apply", "-auto-approve")
	expectOutput(t, out, "Organization "+org+" already existed, with the signed-in user among its admins")
	if err := checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "a@example.com": true, "b@example.com": false})(nil); err != nil {
		t.Error(err)
	}
	if out, code := w.run("plan", "-detailed-exitcode"); code != 0 {
		t.Errorf("the plan after convergence is not empty (exit %d):\n%s", code, out)
	}
}

// target is the path of the emulator's API base, as requests to it begin.
func target(t *testing.T, env *testEnv) string {
	t.Helper()
	u, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// TestAccCrash_providerKilledInUpdateWave: the provider is killed with SIGKILL
// halfway through an apply that moves the admin flag of 20 of 40
// memberships, after the server made some of those changes. The state keeps
// them as they were; the next apply reads what the server holds, changes
// the rest, exits 0 and leaves the server holding exactly the
// configuration; a plan after it is empty.
func TestAccCrash_providerKilledInUpdateWave(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("wave")
	env.createOrganization(t, org)
	w := newCLIWorkspace(t)
	const n = 40
	host, killed := killingProxy(t, env, w.killProvider, isMemberUpdate, 8)
	env.host = host
	w.write(crashConfig(env, org, n, 0))
	w.mustRun("apply", "-auto-approve")

	w.write(crashConfig(env, org, n, 1))
	out, code := w.run("apply", "-auto-approve")
	if code == 0 || !killed.Load() {
		t.Fatalf("the apply was not interrupted (exit %d, killed %v):\n%s", code, killed.Load(), out)
	}
	expectHalfway(t, env, org, crashMembers(n, 0), crashMembers(n, 1))

	w.mustRun("apply", "-auto-approve")
	expectConverged(t, env, w, org, crashMembers(n, 1), n)
}

// isMemberRemoval picks the member removals.
func isMemberRemoval(r *http.Request) bool {
	return r.Method == http.MethodDelete && strings.Contains(r.URL.Path, "/users/")
}

// interruptedRemoval is what the refresh after a killed removal says about
// members that the server no longer holds and the state still does.
const interruptedRemoval = "or by a Terraform run that was interrupted before it recorded the removal"

// TestAccCrash_providerKilledInRemovalWave: the provider is killed with SIGKILL
// halfway through an apply that removes 20 of 40 memberships. The state
// still holds those UbiOps removed; the next apply's refresh drops them
// with a warning that does not blame someone outside Terraform alone, and
// the apply removes the rest, exits 0 and leaves the server holding
// exactly the configuration; a plan after it is empty.
func TestAccCrash_providerKilledInRemovalWave(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("removals")
	env.createOrganization(t, org)
	w := newCLIWorkspace(t)
	host, killed := killingProxy(t, env, w.killProvider, isMemberRemoval, 8)
	env.host = host
	w.write(crashConfig(env, org, 40, 0))
	w.mustRun("apply", "-auto-approve")

	w.write(crashConfig(env, org, 20, 0))
	out, code := w.run("apply", "-auto-approve")
	if code == 0 || !killed.Load() {
		t.Fatalf("the apply was not interrupted (exit %d, killed %v):\n%s", code, killed.Load(), out)
	}
	expectHalfway(t, env, org, crashMembers(40, 0), crashMembers(20, 0))

	out = w.mustRun("apply", "-auto-approve")
	expectOutput(t, out, interruptedRemoval)
	expectConverged(t, env, w, org, crashMembers(20, 0), 20)
}
