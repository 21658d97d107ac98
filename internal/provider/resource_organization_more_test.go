package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

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

func TestAccOrganizationUser_permissionDenied(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	org := randomName("perm")
	if err := s.AddUser(emulator.SeedUser{Email: "member@example.com", Token: "member-token"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateOrganization(org, emulatorAdmin); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMember(org, "member@example.com", false); err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf(`provider "ubiops" {
  host      = %q
  api_token = "Bearer member-token"
}

resource "ubiops_organization_user" "new" {
  organization_name = %q
  email             = "new@example.com"
}
`, env.host, org)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: wrapped("403 Forbidden"),
		}, {
			Config:      config,
			ExpectError: wrapped("The signed-in user lacks the permission for this: it must be an admin of organization " + org),
		}, {
			// A token nobody has is traced to where it was set.
			Config:      strings.Replace(config, "Bearer member-token", "not-a-token", 1),
			ExpectError: wrapped("401 Unauthorized: Invalid token. Check the token in the provider's api_token argument"),
		}},
	})
}
