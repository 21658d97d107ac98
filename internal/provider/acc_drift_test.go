package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// TestAccMemberRemovedOutsideIsReported: members removed outside Terraform
// (one ubiops_organization_user, one entry of the members map of
// ubiops_organization_members) are not just "will be created": the plan
// warns, naming each address and its organization.
func TestAccMemberRemovedOutsideIsReported(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	single, whole := randomName("drift"), randomName("driftlist")
	env.createOrganization(t, single)
	env.createOrganization(t, whole)
	w := newCLIWorkspace(t)
	w.write(env.config(literalMember("m1", single, "m1@example.com", false), literalMember("m2", single, "m2@example.com", false),
		fmt.Sprintf(`
resource "ubiops_organization_members" "all" {
  organization_name = %q
  members = {
    %q               = "admin"
    "m3@example.com" = "member"
  }
}
`, whole, emulatorAdmin)))
	w.mustRun("apply", "-auto-approve")
	for org, email := range map[string]string{single: "m1@example.com", whole: "m3@example.com"} {
		if err := env.emulator(t).DeleteMember(org, email); err != nil {
			t.Fatal(err)
		}
	}

	out := w.mustRun("plan")
	expectOutput(t, out, "m1@example.com was removed from organization "+single+" outside Terraform")
	expectOutput(t, out, "m3@example.com was removed from organization "+whole+" outside Terraform")
	expectOutput(t, out, "Plan: 1 to add, 1 to change, 0 to destroy.")
}

// TestAccSameAddressClaimedTwiceFailsThePlan: one address, in two letter
// cases, in two ubiops_organization_user resources of one organization
// fails the plan naming both spellings, before anything is written: not
// even the organization is created.
func TestAccSameAddressClaimedTwiceFailsThePlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("twins")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(membersConfig(org, map[string]string{"lower": "pat@example.com", "upper": "Pat@Example.com"})),
				ExpectError: wrapped("Two ubiops_organization_user resources of this configuration manage the membership of " +
					"one address in organization " + org),
			},
			{
				// Nothing reached the server.
				Config: env.config(),
				Check: env.checkServer(func(s *ubiopstest.Server) error {
					if _, ok := s.Organization(org); ok {
						return fmt.Errorf("organization %s was created by a plan that should have failed", org)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccForcedReplacementIsNoSecondClaim: Terraform plans a replacement
// twice (the second time as a creation); `terraform apply -replace` of one
// membership is not taken for two resources managing its address, and
// replaces it.
func TestAccForcedReplacementIsNoSecondClaim(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("replace")
	env.createOrganization(t, org)
	w := newCLIWorkspace(t)
	w.write(env.config(literalMember("m1", org, "m1@example.com", false), literalMember("m2", org, "m2@example.com", false)))
	w.mustRun("apply", "-auto-approve")
	out := w.mustRun("apply", "-auto-approve", "-replace=ubiops_organization_user.m1")
	expectOutput(t, out, "Apply complete! Resources: 1 added, 0 changed, 1 destroyed.")
	if err := checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "m1@example.com": false, "m2@example.com": false})(nil); err != nil {
		t.Error(err)
	}
}
