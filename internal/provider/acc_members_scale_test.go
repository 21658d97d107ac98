package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// wholeListOf is the complete member list member-shift …
// member-(shift+n-1) plus the signed-in user, with the members whose number
// ends in the digit admins as admins: a second list with another shift and
// digit removes, adds, promotes and demotes members.
func wholeListOf(org string, n, shift, admins int) (config string, want map[string]bool) {
	want = map[string]bool{emulatorAdmin: true}
	specs := make([]string, 0, n)
	for i := shift; i < shift+n; i++ {
		email, admin := fmt.Sprintf("member-%d@example.com", i), i%10 == admins
		want[email] = admin
		specs = append(specs, fmt.Sprintf("%s,%t", email, admin))
	}
	return wholeListConfig(org, specs...), want
}

// TestAccOrganizationMembers_convergesUnderFaults: a fifth of all requests
// fail (500, 502, 503, connections dropped before and after the server
// committed the change); taking over and then changing a list of 50
// members still succeeds, the server holds exactly the listed members, none
// twice, and the next plan is empty (terraform-plugin-testing checks that).
func TestAccOrganizationMembers_convergesUnderFaults(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.WithFaultRate(0.2, 11))
	s := env.emulator(t)
	org := randomName("whole-faults")
	first, wantFirst := wholeListOf(org, 50, 0, 0)
	second, wantSecond := wholeListOf(org, 50, 15, 5) // 15 removed, 15 added, admins moved
	faultsSeen := func(*terraform.State) error {
		stats := s.Stats()
		if stats.Faults == 0 {
			return fmt.Errorf("no fault was injected: the test proves nothing")
		}
		t.Logf("requests: %d, faults injected: %d, by route: %v", stats.Total, stats.Faults, stats.Routes)
		return nil
	}
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(first),
				Check:  resource.ComposeAggregateTestCheckFunc(checkServerMembers(env, org, wantFirst), faultsSeen),
			},
			{
				PreConfig: s.ResetStats,
				Config:    env.config(second),
				Check:     resource.ComposeAggregateTestCheckFunc(checkServerMembers(env, org, wantSecond), faultsSeen),
			},
		},
		CheckDestroy: checkServerMembers(env, org, map[string]bool{emulatorAdmin: true}),
	})
}

// TestAccOrganizationMembers_refreshSharesTheMemberList: refreshing a list
// of 40 members, the organization and a data source reading the same
// members costs one member-list request in all.
func TestAccOrganizationMembers_refreshSharesTheMemberList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("whole-refresh")
	config, want := wholeListOf(org, 40, 0, 0)
	config += `
data "ubiops_organization_users" "all" {
  organization_name = ubiops_organization_members.all.organization_name
}
`
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(config),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerMembers(env, org, want),
					resource.TestCheckResourceAttr("data.ubiops_organization_users.all", "users.#", "41"),
				),
			},
			{
				PreConfig:    env.resetStats,
				RefreshState: true,
				Check: func(*terraform.State) error {
					if env.server == nil {
						return nil
					}
					stats := env.server.Stats()
					if stats.Count(routeUsersList) != 1 || stats.Count(routeOrgGet) > 1 || stats.Count(routeUserGet) != 0 {
						return fmt.Errorf("refreshing 40 members, their organization and a data source made %v; "+
							"want one member list and at most one organization read", stats.Routes)
					}
					return nil
				},
			},
		},
	})
}
