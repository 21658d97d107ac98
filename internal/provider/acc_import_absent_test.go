package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccImport_absentObjects: importing an organization or a member that
// does not exist ends in Terraform's own message, not in a complaint about
// a missing identity (see internal/plugin/server_identity.go).
func TestAccImport_absentObjects(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("absent")

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(organizationConfig(org, ""))},
			{
				ResourceName:  "ubiops_organization.test",
				ImportState:   true,
				ImportStateId: org + "-missing",
				ExpectError:   wrapped("Cannot import non-existent remote object"),
			},
			{
				Config: env.config(organizationConfig(org, ""), `
resource "ubiops_organization_user" "nobody" {
  organization_name = ubiops_organization.test.name
  email             = "nobody@example.com"
}
`),
				ResourceName:  "ubiops_organization_user.nobody",
				ImportState:   true,
				ImportStateId: org + "/nobody@example.com",
				ExpectError:   wrapped("Cannot import non-existent remote object"),
			},
		},
	})
}
