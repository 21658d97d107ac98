package provider

import (
	"fmt"
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

// TestAccWrongHostKeepsState: pointed at a host without the API's version
// path, every read answers 404. That proves nothing about the objects: the
// refresh fails naming the host and what was looked for, and the state
// keeps every resource.
func TestAccWrongHostKeepsState(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	org := randomName("host")
	members := map[string]string{"a": "a@example.com,true", "b": "b@example.com"}
	addresses := []string{"ubiops_organization.test", "ubiops_organization_user.a", "ubiops_organization_user.b"}
	wrongHost := strings.TrimSuffix(s.URL, emulator.APIPrefix)
	wrong := *env
	wrong.host = wrongHost

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(membersConfig(org, members))},
			{
				Config:      wrong.config(membersConfig(org, members)),
				ExpectError: wrapped("UbiOps at " + wrongHost + " answered 404 Not Found"),
			},
			{
				// Nothing was dropped: the right host plans no change.
				Config:           env.config(membersConfig(org, members)),
				ConfigPlanChecks: expectNoChanges,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStateAddresses(addresses...),
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "a@example.com": true, "b@example.com": false}),
				),
			},
			{
				// Destroying against the wrong host removes nothing from
				// the state either: no member is reported removed unseen.
				Config:      wrong.config(organizationConfig(org, "")),
				ExpectError: wrapped("UbiOps at " + wrongHost + " answered 404 Not Found"),
			},
			{
				Config:           env.config(membersConfig(org, members)),
				ConfigPlanChecks: expectNoChanges,
				Check:            checkStateAddresses(addresses...),
			},
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
