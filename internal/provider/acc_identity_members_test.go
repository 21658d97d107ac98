package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// memberListIdentityChecks asserts ubiops_organization_members.all's
// identity: the UUID the server holds for the organization named *org.
func memberListIdentityChecks(env *testEnv, org *string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity(membersAddress, map[string]knownvalue.Check{"organization_id": serverOrgID(env, org)}),
		statecheck.ExpectIdentityValueMatchesStateAtPath(membersAddress, tfjsonpath.New("organization_id"), tfjsonpath.New("id")),
	}
}

// TestAccIdentity_memberList: a member list written before resource
// identity gains the organization's UUID as its identity with nothing to
// change, imports by it with no change, and keeps it across a rename.
func TestAccIdentity_memberList(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("list-identity")
	renamed := randomName("list-identity-renamed")
	current := org

	acceptanceTest(t, resource.TestCase{
		TerraformVersionChecks: needsIdentity,
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: providersBeforeIdentity,
				Config:                   env.config(wholeListConfig(org, "lead@example.com,true")),
				ConfigStateChecks:        []statecheck.StateCheck{expectNoIdentity(membersAddress)},
			},
			{
				ProtoV6ProviderFactories: testProviders,
				Config:                   env.config(wholeListConfig(org, "lead@example.com,true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: memberListIdentityChecks(env, &current),
			},
			{
				ProtoV6ProviderFactories: testProviders,
				PreConfig:                env.resetStats,
				ResourceName:             membersAddress,
				ImportState:              true,
				ImportStateKind:          resource.ImportBlockWithResourceIdentity,
				// Imported, not taken over again: no membership is written.
				Check: env.checkRoutes(map[string]int{routeUserCreate: 0, routeUserUpdate: 0, routeUserDelete: 0}),
			},
			{
				ProtoV6ProviderFactories: testProviders,
				PreConfig:                func() { current = renamed },
				Config:                   env.config(wholeListConfig(renamed, "lead@example.com,true")),
				ConfigStateChecks:        memberListIdentityChecks(env, &current),
			},
		},
		CheckDestroy: checkServerMembers(env, renamed, map[string]bool{emulatorAdmin: true}),
	})
}
