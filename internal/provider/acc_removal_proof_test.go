package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// expectNoChanges asserts a plan that keeps every resource as it is: none
// was dropped from the state (it would be planned for creation).
var expectNoChanges = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}

// checkStateAddresses asserts the exact addresses in the state, as
// `terraform state list` prints them.
func checkStateAddresses(want ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var got []string
		for address := range s.RootModule().Resources {
			got = append(got, address)
		}
		if len(got) != len(want) {
			return fmt.Errorf("state holds %v, want %v", got, want)
		}
		for _, address := range want {
			if _, ok := s.RootModule().Resources[address]; !ok {
				return fmt.Errorf("state holds %v, want %v", got, want)
			}
		}
		return nil
	}
}

// createOrganization creates org on the emulator, as someone would outside
// Terraform, with the signed-in user as its admin.
func (e *testEnv) createOrganization(t *testing.T, org string) {
	t.Helper()
	if _, err := e.emulator(t).CreateOrganization(org, emulatorAdmin); err != nil {
		t.Fatal(err)
	}
}

// partialGateway plays a gateway that routes the API's status, sign-in and
// user routes to UbiOps, but not the organization routes: those get the
// 404 a wrong base path gets. It returns the API's base URL through it.
func partialGateway(t *testing.T, env *testEnv) string {
	t.Helper()
	target, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	forwarder := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, emulator.APIPrefix+"/organizations") {
			r.URL.Path = strings.TrimPrefix(r.URL.Path, emulator.APIPrefix)
		}
		forwarder.ServeHTTP(w, r)
	}))
	t.Cleanup(gateway.Close)
	return gateway.URL + emulator.APIPrefix
}

// TestAccWrongHostKeepsState: pointed at a host without the API's version
// path, or at a gateway that answers 404 to the organization routes, every
// read of an organization or its members answers 404. That proves nothing
// about the objects: the plan fails naming the host (and, for the reads,
// what was looked for), and the state keeps every resource.
func TestAccWrongHostKeepsState(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("host")
	members := map[string]string{"a": "a@example.com,true", "b": "b@example.com"}
	addresses := []string{"ubiops_organization.test", "ubiops_organization_user.a", "ubiops_organization_user.b"}
	noVersion, gateway := *env, *env
	noVersion.host = strings.TrimSuffix(env.emulator(t).URL, emulator.APIPrefix)
	gateway.host = partialGateway(t, env)
	unchanged := resource.TestStep{
		// Nothing was dropped: the right host plans no change.
		Config:           env.config(membersConfig(org, members)),
		ConfigPlanChecks: expectNoChanges,
		Check: resource.ComposeAggregateTestCheckFunc(
			checkStateAddresses(addresses...),
			checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "a@example.com": true, "b@example.com": false}),
		),
	}
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(membersConfig(org, members))},
			{
				// The refresh, or the provider's check of its host when it
				// has one, fails naming the host.
				Config: noVersion.config(membersConfig(org, members)),
				ExpectError: regexp.MustCompile(`(UbiOps|Not a UbiOps API) at\s+` + regexp.QuoteMeta(noVersion.host) +
					`(\s|$)`),
			},
			unchanged,
			{
				Config:      gateway.config(membersConfig(org, members)),
				ExpectError: wrapped("UbiOps at " + gateway.host + " answered 404 Not Found when looking for organization " + org),
			},
			unchanged,
			{
				Config:      gateway.config(organizationConfig(org, "")),
				ExpectError: wrapped("Cannot read the members of organization " + org + " UbiOps at " + gateway.host + " answered 404 Not Found"),
			},
			unchanged,
		},
	})
}

// TestAccNewMembershipFollowsRenamedOrganization: a membership created by
// the last apply already knows its organization's UUID, so when the
// organization is renamed outside Terraform before the next refresh it is
// found and kept, and its destroy (which refreshes first) removes the
// members under the new name.
// Creating N members costs N creations and one organization read.
func TestAccNewMembershipFollowsRenamedOrganization(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org, outside := randomName("fresh"), randomName("renamed")
	const n = 12
	member := `
resource "ubiops_organization_user" "m" {
  count             = %d
  organization_name = %q
  email             = "m-${count.index}@example.com"
}
`
	members := fmt.Sprintf(member, n, org)
	want := map[string]bool{emulatorAdmin: true}
	for i := range n {
		want[fmt.Sprintf("m-%d@example.com", i)] = false
	}
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.createOrganization(t, org)
					env.resetStats()
				},
				Config: env.config(members),
				// Counted before the post-apply refresh: the plan reads
				// nothing (no state yet), the apply creates n members and
				// reads the organization once for its UUID.
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(map[string]int{routeUserCreate: n, routeOrgGet: 1, routeOrgs: 0, routeUsersList: 0}),
					checkServerMembers(env, org, want),
				),
			},
			{
				// Renamed before any refresh: the memberships are found
				// under the new name, not dropped and created again.
				PreConfig: func() {
					if err := env.emulator(t).RenameOrganization(org, outside); err != nil {
						t.Fatal(err)
					}
					env.resetStats()
				},
				Config:             env.config(members),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization_user.m[0]", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(fmt.Sprintf("ubiops_organization_user.m[%d]", n-1), plancheck.ResourceActionUpdate),
				}},
			},
		},
		CheckDestroy: checkServerMembers(env, outside, map[string]bool{emulatorAdmin: true}),
	})
}
