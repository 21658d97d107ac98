package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccOrganizationUser_replacements: another email replaces a
// membership; pointing one at a different organization (another UUID, not
// a rename) is refused when applied, whether that organization exists
// already or is created by the same apply, and nothing is moved.
func TestAccOrganizationUser_replacements(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	a, b := randomName("a"), randomName("b")
	orgs := func(names ...string) string {
		var hcl string
		for i, name := range names {
			hcl += fmt.Sprintf("resource \"ubiops_organization\" \"o%d\" {\n  name = %q\n}\n", i, name)
		}
		return hcl
	}
	member := func(org, email string) string {
		return fmt.Sprintf("resource \"ubiops_organization_user\" \"m\" {\n  organization_name = %s.name\n  email = %q\n}\n", org, email)
	}
	refused := wrapped("is not the organization this membership belongs to")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(orgs(a, b), member("ubiops_organization.o0", "first@example.com")),
				Check:  checkServerMembers(env, a, map[string]bool{emulatorAdmin: true, "first@example.com": false}),
			},
			{
				Config: env.config(orgs(a, b), member("ubiops_organization.o0", "second@example.com")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization_user.m", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue("ubiops_organization_user.m", tfjsonpath.New("id")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ubiops_organization_user.m", tfjsonpath.New("email"), knownvalue.StringExact("second@example.com")),
				},
				Check: checkServerMembers(env, a, map[string]bool{emulatorAdmin: true, "second@example.com": false}),
			},
			{
				Config:      env.config(orgs(a, b), member("ubiops_organization.o1", "second@example.com")),
				ExpectError: refused,
			},
			{
				Config:      env.config(orgs(a, b, randomName("c")), member("ubiops_organization.o2", "second@example.com")),
				ExpectError: refused,
			},
			{
				// Nothing was moved by the refused applies.
				Config: env.config(orgs(a, b), member("ubiops_organization.o0", "second@example.com")),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerMembers(env, a, map[string]bool{emulatorAdmin: true, "second@example.com": false}),
					checkServerMembers(env, b, map[string]bool{emulatorAdmin: true}),
				),
			},
		},
	})
}
