package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccSelfLockoutFailsAtPlan: removing, replacing or demoting the
// membership of the user the provider is signed in as fails at plan, says
// what would happen and how to do it on purpose, and sends nothing.
func TestAccSelfLockoutFailsAtPlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("self")
	me := importedMembership("me", org, emulatorAdmin, "  admin = true\n")
	lockout := "Plan would lock the signed-in user out of organization " + org
	deliberately := "To do it on purpose, set allow_self_removal = true on this ubiops_organization_user"
	noWrites := map[string]int{routeUserUpdate: 0, routeUserDelete: 0, routeUserCreate: 0}
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { env.createOrganization(t, org) },
				Config:    env.config(me),
			},
			{
				PreConfig:   env.resetStats,
				Config:      env.config(strings.Replace(me, "admin = true", "admin = false", 1)),
				ExpectError: wrapped(lockout),
			},
			{
				Config: env.config(strings.Replace(me, "admin = true", "admin = false", 1)),
				ExpectError: wrapped("This plan makes " + emulatorAdmin + ", the user the provider is signed in as, a regular " +
					"member of organization " + org + ". Only admins can read and change an organization's members"),
			},
			{
				// Left out of the configuration: it would be destroyed.
				Config:      env.config(),
				ExpectError: wrapped("This plan removes " + emulatorAdmin + ", the user the provider is signed in as, from organization " + org),
			},
			{
				// Another address replaces the membership.
				Config:      env.config(strings.Replace(me, `email             = "`+emulatorAdmin, `email             = "other@example.com`, 1)),
				ExpectError: wrapped(deliberately),
			},
			{
				// None of the refused plans reached UbiOps.
				Config: env.config(removedMembership("me")),
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(noWrites),
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true}),
				),
			},
		},
	})
}
