package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccInvitedMemberHasEmptyNames: a member who has no UbiOps account yet
// has an empty name and surname, the same "" in the resource and in both
// member data sources, so that one expression serves every member (why ""
// and not null: DESIGN.md).
func TestAccInvitedMemberHasEmptyNames(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("invited")
	config := membersConfig(org, map[string]string{"invited": "invited@example.com"}) + `
data "ubiops_organization_user" "invited" {
  organization_name = ubiops_organization.test.name
  email             = ubiops_organization_user.invited.email
}

# The regular members: only the invited one (the creator is an admin).
data "ubiops_organization_users" "regular" {
  organization_name = ubiops_organization.test.name
  admin             = false
  depends_on        = [ubiops_organization_user.invited]
}
`
	listed := tfjsonpath.New("users").AtSliceIndex(0)
	var checks []statecheck.StateCheck
	attribute := func(name string) tfjsonpath.Path { return tfjsonpath.New(name) }
	for address, path := range map[string]func(string) tfjsonpath.Path{
		"ubiops_organization_user.invited":       attribute,
		"data.ubiops_organization_user.invited":  attribute,
		"data.ubiops_organization_users.regular": listed.AtMapKey,
	} {
		checks = append(checks,
			statecheck.ExpectKnownValue(address, path("status"), knownvalue.StringExact("invited")),
			statecheck.ExpectKnownValue(address, path("name"), knownvalue.StringExact("")),
			statecheck.ExpectKnownValue(address, path("surname"), knownvalue.StringExact("")),
		)
	}

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    []resource.TestStep{{Config: env.config(config), ConfigStateChecks: checks}},
	})
}
