package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccRefreshCostIndependentOfMembers: creating N members makes N
// requests, a refresh of an organization with N members makes one list
// request for all of them, and changes made outside Terraform between two
// plans are still seen.
func TestAccRefreshCostIndependentOfMembers(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("refresh")
	const members = 40
	config := env.config(manyMembersConfig(org, members))

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ubiops_organization_user.member[10]", tfjsonpath.New("admin"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("ubiops_organization_user.member[11]", tfjsonpath.New("admin"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					// The creation answers hold everything: no read-back.
					env.checkRoutes(map[string]int{routeUserCreate: members, routeUserGet: 0, routeUserUpdate: 0}),
					checkServerMembers(env, org, wantMembers(members)),
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
					// Configuring the provider costs the same for any number
					// of members: the host check and the signed-in user.
					perCommand := stats.Count(routeStatus) + stats.Count(routeUser) + stats.Count(routeAuthorize)
					if stats.Count(routeUsersList) != 1 || stats.Count(routeUserGet) != 0 || stats.Total-perCommand > 3 {
						return fmt.Errorf("refreshing %d members made %d requests: %v; want one list and at most 3 in all besides configuring the provider",
							members, stats.Total, stats.Routes)
					}
					return nil
				},
			},
			{
				// Changed outside Terraform between two plans: both seen.
				PreConfig: func() {
					s := env.emulator(t)
					if err := s.SetMemberAdmin(org, "member-5@example.com", true); err != nil {
						t.Fatal(err)
					}
					if err := s.DeleteMember(org, "member-7@example.com"); err != nil {
						t.Fatal(err)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization_user.member[5]", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("ubiops_organization_user.member[7]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("ubiops_organization_user.member[6]", plancheck.ResourceActionNoop),
				}},
			},
			{
				Config: config,
				Check:  checkServerMembers(env, org, wantMembers(members)),
			},
		},
	})
}
