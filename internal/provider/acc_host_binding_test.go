package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccRefreshThroughAnotherHostKeepsState: the objects were created
// through one UbiOps host; a refresh through another host, where the same
// account exists and even an organization of the same name, fails for each
// of them naming both hosts and the two ways forward, and drops nothing:
// back on the first host, the plan changes nothing.
func TestAccRefreshThroughAnotherHostKeepsState(t *testing.T) {
	t.Parallel()
	env, elsewhere := newTestEnv(t), newTestEnv(t)
	org, listed := randomName("bound"), randomName("boundlist")
	elsewhere.createOrganization(t, org)
	config := func(e *testEnv) string {
		return e.config(membersConfig(org, map[string]string{"m1": "m1@example.com"}),
			`resource "ubiops_organization" "listed" { name = "`+listed+`" }`,
			wholeList("listed", "m2@example.com"))
	}
	addresses := []string{"ubiops_organization.test", "ubiops_organization_user.m1", "ubiops_organization.listed", membersAddress}
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: config(env)},
			{
				Config:   config(elsewhere),
				PlanOnly: true,
				ExpectError: wrapped("was created or imported through UbiOps at " + env.host + ", but the provider now " +
					"talks to " + elsewhere.host + ". Nothing was read or changed. Set the provider's host back to " + env.host +
					"; or, to move it to " + elsewhere.host + " deliberately, replace its resource block with a `removed` block"),
			},
			{
				Config:           config(env),
				ConfigPlanChecks: expectNoChanges,
				Check:            checkStateAddresses(addresses...),
			},
		},
	})
}
