package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccRenamedLiteralOrganizationNamesTheNewName: a membership that
// names its organization literally, when the organization is renamed
// outside Terraform, fails with the organization's new name and changes
// nothing.
func TestAccRenamedLiteralOrganizationNamesTheNewName(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org, outside := randomName("literal"), randomName("elsewhere")
	config := env.config(fmt.Sprintf(`
resource "ubiops_organization_user" "m" {
  organization_name = %q
  email             = "m@example.com"
}
`, org))
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { env.createOrganization(t, org) },
				Config:    config,
			},
			{
				PreConfig: func() {
					if err := env.emulator(t).RenameOrganization(org, outside); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ExpectError: wrapped(fmt.Sprintf("is now called %s, renamed outside Terraform. Nothing was changed. "+
					"Set organization_name = %q", outside, outside)),
			},
			{
				Config: env.config(fmt.Sprintf(`
resource "ubiops_organization_user" "m" {
  organization_name = %q
  email             = "m@example.com"
}
`, outside)),
				ConfigPlanChecks: expectNoChanges,
				Check:            checkServerMembers(env, outside, map[string]bool{emulatorAdmin: true, "m@example.com": false}),
			},
		},
	})
}
