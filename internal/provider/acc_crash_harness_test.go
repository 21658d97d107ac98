package provider

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
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

// crashLayout is how a configuration declares the crash tests' n
// memberships (every fourth an admin, from adminAt on): one resource each
// or one whole list, and how many resources the state then holds.
type crashLayout struct {
	config    func(env *testEnv, org string, n, adminAt int) string
	resources func(n int) int
}

// crashPerMembership declares one ubiops_organization_user per membership.
var crashPerMembership = crashLayout{config: crashConfig, resources: func(n int) int { return n }}

// crashOneList declares one ubiops_organization_members for them all.
var crashOneList = crashLayout{
	config: func(env *testEnv, org string, n, adminAt int) string {
		return crashWholeList(env, org, crashMembers(n, adminAt))
	},
	resources: func(int) int { return 1 },
}

// crashRun is one organization whose Terraform runs go through a
// killingProxy.
type crashRun struct {
	env    *testEnv
	org    string
	w      *cliWorkspace
	killed *atomic.Bool
}

// startCrash creates an organization named after prefix and a workspace
// whose requests pass a killingProxy that kills the process victim names
// at the killAt-th request that picks.
func startCrash(t *testing.T, prefix string, victim func(*cliWorkspace) func() error, picks func(*http.Request) bool, killAt int32) *crashRun {
	t.Helper()
	c := &crashRun{env: newTestEnv(t), org: randomName(prefix), w: newCLIWorkspace(t)}
	c.env.createOrganization(t, c.org)
	c.env.host, c.killed = killingProxy(t, c.env, victim(c.w), picks, killAt)
	return c
}

// killsProvider and killsTerraform name the process a crashRun kills.
func killsProvider(w *cliWorkspace) func() error  { return w.killProvider }
func killsTerraform(w *cliWorkspace) func() error { return w.killTerraform }

// applyKilled writes config and applies it, and stops the test unless the
// kill interrupted that apply.
func (c *crashRun) applyKilled(t *testing.T, config string) {
	t.Helper()
	c.w.write(config)
	if out, code := c.w.run("apply", "-auto-approve"); code == 0 || !c.killed.Load() {
		t.Fatalf("the apply was not interrupted (exit %d, killed %v):\n%s", code, c.killed.Load(), out)
	}
}

// crashWave is a kill halfway through the changes of an apply that takes
// n memberships (every fourth an admin, from adminAt on) to toN, toAdminAt.
type crashWave struct {
	prefix      string
	layout      crashLayout
	picks       func(*http.Request) bool
	n, adminAt  int
	toN         int
	toAdminAt   int
	recoveryOut string // what the apply after the kill says, if anything
}

// run applies the first configuration, kills the provider halfway through
// applying the second, and expects the next apply to exit 0 with the
// server holding exactly the second and a plan after it to be empty.
func (s crashWave) run(t *testing.T) {
	t.Helper()
	c := startCrash(t, s.prefix, killsProvider, s.picks, 8)
	c.w.write(s.layout.config(c.env, c.org, s.n, s.adminAt))
	c.w.mustRun("apply", "-auto-approve")

	c.applyKilled(t, s.layout.config(c.env, c.org, s.toN, s.toAdminAt))
	want := crashMembers(s.toN, s.toAdminAt)
	expectHalfway(t, c.env, c.org, crashMembers(s.n, s.adminAt), want)

	out := c.w.mustRun("apply", "-auto-approve")
	if s.recoveryOut != "" {
		expectOutput(t, out, s.recoveryOut)
	}
	expectConverged(t, c.env, c.w, c.org, want, s.layout.resources(s.toN))
}

// expectOrphans stops the test unless the server holds more new members of
// the crashRun's organization than the state records: without an orphan
// the kill came too early and the test proves nothing.
func (c *crashRun) expectOrphans(t *testing.T) {
	t.Helper()
	recorded := len(c.w.stateAddresses())
	stored := len(c.env.emulator(t).Members(c.org)) - 1 // the creator
	if stored <= recorded {
		t.Fatalf("the server holds %d new members and the state %d: no orphan, so the test proves nothing", stored, recorded)
	}
}

// expectTakenOver expects the apply after a kill amid creations of n
// memberships to take the stored ones over with a warning that names them
// and to converge.
func (c *crashRun) expectTakenOver(t *testing.T, n int) {
	t.Helper()
	out := c.w.mustRun("apply", "-auto-approve")
	expectOutput(t, out, "was already a member of organization "+c.org)
	expectOutput(t, out, "destroying this resource now removes")
	expectConverged(t, c.env, c.w, c.org, crashMembers(n, 0), n)
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

// target is the path of the emulator's API base, as requests to it begin.
func target(t *testing.T, env *testEnv) string {
	t.Helper()
	u, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// isMemberRemoval picks the member removals.
func isMemberRemoval(r *http.Request) bool {
	return r.Method == http.MethodDelete && strings.Contains(r.URL.Path, "/users/")
}

// interruptedRemoval is what the refresh after a killed removal says about
// members that the server no longer holds and the state still does.
const interruptedRemoval = "or by a Terraform run that was interrupted before it recorded the removal"
