package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

func organizationConfig(name string, extra string) string {
	return fmt.Sprintf("resource \"ubiops_organization\" \"test\" {\n  name = %q\n%s}\n", name, extra)
}

// checkServerOrganization asserts the emulator's record of an organization.
func checkServerOrganization(env *testEnv, name string, check func(emulator.OrganizationRecord) error) resource.TestCheckFunc {
	return env.checkServer(func(s *ubiopstest.Server) error {
		org, ok := s.Organization(name)
		if !ok {
			return fmt.Errorf("the server has no organization %q", name)
		}
		if check == nil {
			return nil
		}
		return check(org)
	})
}

func TestAccOrganization_createRenameImport(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	name, renamed := randomName("org"), randomName("renamed")
	address := "ubiops_organization.test"
	var firstID string

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(organizationConfig(name, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringRegexp(orgs.UUIDPattern)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					// The creation answer has no subscription: it was read back.
					statecheck.ExpectKnownValue(address, tfjsonpath.New("subscription"), knownvalue.StringExact("free")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("two_factor_authentication_forced"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("creation_date"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("subscription_end_date"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerOrganization(env, name, nil),
					resource.TestCheckResourceAttrWith(address, "id", func(id string) error { firstID = id; return nil }),
				),
			},
			{
				PreConfig: env.resetStats,
				Config:    env.config(organizationConfig(renamed, "  two_factor_authentication_forced = true\n")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(renamed)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact(renamed)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("two_factor_authentication_forced"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					// Renamed in place: one update, nothing created.
					env.checkRoutes(map[string]int{routeOrgUpdate: 1, routeOrgCreate: 0}),
					checkServerOrganization(env, renamed, func(o emulator.OrganizationRecord) error {
						if o.ID != firstID {
							return fmt.Errorf("renamed organization has id %s, want %s", o.ID, firstID)
						}
						if !o.TwoFactorAuthenticationForced {
							return fmt.Errorf("two-factor authentication is not forced on the server")
						}
						return nil
					}),
					env.checkServer(func(s *ubiopstest.Server) error {
						if _, ok := s.Organization(name); ok {
							return fmt.Errorf("the old name %q still exists", name)
						}
						return nil
					}),
				),
			},
			{
				ResourceName:            address,
				ImportState:             true,
				ImportStateId:           renamed,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:    address,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					return firstID, nil // by UUID this time
				},
			},
		},
	})
}
