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

func TestAccOrganization_subscriptionDates(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	name := randomName("dates")
	address := "ubiops_organization.test"
	dates := "  subscription            = \"professional\"\n  subscription_end_date   = \"2027-06-30\"\n  subscription_start_date = \"2026-07-01\"\n"

	endDate := func(want *string) resource.TestCheckFunc {
		return checkServerOrganization(env, name, func(o emulator.OrganizationRecord) error {
			got := "null"
			if o.SubscriptionEndDate != nil {
				got = *o.SubscriptionEndDate
			}
			wantText := "null"
			if want != nil {
				wantText = *want
			}
			if got != wantText {
				return fmt.Errorf("server end date %s, want %s", got, wantText)
			}
			return nil
		})
	}
	end := "2027-06-30"

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(organizationConfig(name, dates)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("subscription"), knownvalue.StringExact("professional")),
					// Write-only in the API: kept from the configuration.
					statecheck.ExpectKnownValue(address, tfjsonpath.New("subscription_end_date"), knownvalue.StringExact(end)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("subscription_start_date"), knownvalue.StringExact("2026-07-01")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					endDate(&end),
					checkServerOrganization(env, name, func(o emulator.OrganizationRecord) error {
						if o.SubscriptionStartDate == nil || *o.SubscriptionStartDate != "2026-07-01" {
							return fmt.Errorf("server start date %v, want 2026-07-01", o.SubscriptionStartDate)
						}
						return nil
					}),
				),
			},
			{
				// Removing the end date sends an explicit null.
				Config: env.config(organizationConfig(name, "  subscription = \"professional\"\n  subscription_start_date = \"2026-07-01\"\n")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("subscription_end_date"), knownvalue.Null()),
				},
				Check: endDate(nil),
			},
		},
	})
}

func TestAccOrganization_destroyKeepsOrganization(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	name := randomName("kept")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(organizationConfig(name, ""))},
			{
				// Destroying removes it from state only: the API cannot
				// delete it, and the provider does not pretend.
				Config:  env.config(organizationConfig(name, "")),
				Destroy: true,
			},
		},
		CheckDestroy: func(*terraform.State) error {
			return checkServerOrganization(env, name, nil)(nil)
		},
	})
}

func TestAccOrganization_renamedOutsideTerraform(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	name, outside := randomName("mine"), randomName("theirs")
	address := "ubiops_organization.test"
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(organizationConfig(name, ""))},
			{
				PreConfig: func() {
					if err := env.emulator(t).RenameOrganization(name, outside); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(organizationConfig(name, "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// Found by its id and renamed back, not created anew.
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerOrganization(env, name, nil),
					env.checkServer(func(s *ubiopstest.Server) error {
						if _, ok := s.Organization(outside); ok {
							return fmt.Errorf("%s still exists", outside)
						}
						return nil
					}),
				),
			},
		},
	})
}

// TestAccOrganization_nameTaken: a name taken by someone else's
// organization fails; one taken by an organization the signed-in user
// administers with other settings fails saying what differs and how to
// import it; one the user administers as configured is taken over with a
// warning (see TestAccKilledOrganizationCreationConverges).
func TestAccOrganization_nameTaken(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	mine, theirs := randomName("mine"), randomName("theirs")
	if err := s.AddUser(emulator.SeedUser{Email: "other@example.com", Token: "other-token"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateOrganization(theirs, "other@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateOrganization(mine, emulatorAdmin); err != nil {
		t.Fatal(err)
	}
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.config(organizationConfig(theirs, "")),
				ExpectError: wrapped("already exists and belongs to someone else"),
			},
			{
				Config: env.config(organizationConfig(mine, "  two_factor_authentication_forced = true\n")),
				ExpectError: wrapped(fmt.Sprintf("Organization %q already exists and you are a member of it, but its "+
					"two_factor_authentication_forced is false, not true, so it was not taken over", mine)),
			},
			{
				// What the error suggests works: an import block, and
				// configuration generated from it plans no changes.
				Config:          env.config(),
				ResourceName:    "ubiops_organization.test",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   mine,
				GenerateConfig:  true,
			},
			{
				// As configured, and administered by the signed-in user: taken over.
				Config: env.config(organizationConfig(mine, "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ubiops_organization.test", tfjsonpath.New("id"), serverOrgID(env, &mine)),
				},
			},
		},
	})
}
