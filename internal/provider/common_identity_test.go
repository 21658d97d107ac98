package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
)

// needsIdentity skips a test on CLIs without resource identity.
var needsIdentity = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// serverOrgID checks a value against the UUID the emulator holds for the
// organization named name, or against the UUID shape on the real service.
func serverOrgID(env *testEnv, name *string) knownvalue.Check {
	return knownvalue.StringFunc(func(v string) error {
		if env.server == nil {
			if !orgs.IsUUID(v) {
				return fmt.Errorf("%q is not a UUID", v)
			}
			return nil
		}
		org, ok := env.server.Organization(*name)
		if !ok {
			return fmt.Errorf("the server has no organization %q", *name)
		}
		if v != org.ID {
			return fmt.Errorf("got %q, want organization %s's UUID %s", v, *name, org.ID)
		}
		return nil
	})
}

// identityChecks asserts the identities of ubiops_organization.test and
// ubiops_organization_user.lead: the organization's UUID (the server's
// record of the organization currently named *org) and the user's UUID.
func identityChecks(env *testEnv, org *string) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		statecheck.ExpectIdentity("ubiops_organization.test", map[string]knownvalue.Check{"id": serverOrgID(env, org)}),
		statecheck.ExpectIdentityValueMatchesState("ubiops_organization.test", tfjsonpath.New("id")),
		statecheck.ExpectIdentity("ubiops_organization_user.lead", map[string]knownvalue.Check{
			"organization_id": serverOrgID(env, org),
			"user_id":         knownvalue.StringRegexp(orgs.UUIDPattern),
		}),
		statecheck.ExpectIdentityValueMatchesStateAtPath("ubiops_organization_user.lead",
			tfjsonpath.New("user_id"), tfjsonpath.New("id")),
	}
}

// TestAccIdentity_lifecycle: both resources carry an identity of UUIDs that
// stays the same across a rename, and each imports by its identity with no
// change planned.
func TestAccIdentity_lifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("identity")
	renamed := randomName("identity-renamed")
	current := org
	members := map[string]string{"lead": "lead@example.com,true"}

	acceptanceTest(t, resource.TestCase{
		TerraformVersionChecks:   needsIdentity,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:            env.config(membersConfig(org, members)),
				ConfigStateChecks: identityChecks(env, &current),
			},
			{
				// Renamed in place: the identities do not change (the
				// framework refuses a read or update that changes one).
				PreConfig:         func() { current = renamed },
				Config:            env.config(membersConfig(renamed, members)),
				ConfigStateChecks: identityChecks(env, &current),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization.test", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("ubiops_organization_user.lead", plancheck.ResourceActionUpdate),
				}},
			},
			{
				ResourceName:    "ubiops_organization.test",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    "ubiops_organization_user.lead",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// TestAccIdentity_importAfterRenameOutsideTerraform: an organization and a
// member that exist already, whose organization was renamed since their
// UUIDs were noted, import by identity under the new name.
func TestAccIdentity_importAfterRenameOutsideTerraform(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	org, renamed := randomName("adopt"), randomName("adopt-renamed")
	record, err := s.CreateOrganization(org, emulatorAdmin)
	if err != nil {
		t.Fatal(err)
	}
	member, err := s.AddMember(org, "lead@example.com", true)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RenameOrganization(org, renamed); err != nil {
		t.Fatal(err)
	}
	config := env.config(fmt.Sprintf(`
import {
  to       = ubiops_organization.test
  identity = { id = %[2]q }
}

import {
  to       = ubiops_organization_user.lead
  identity = { organization_id = %[2]q, user_id = %[3]q }
}
`, renamed, record.ID, member.UserID), membersConfig(renamed, map[string]string{"lead": "lead@example.com,true"}))
	current := renamed

	acceptanceTest(t, resource.TestCase{
		TerraformVersionChecks:   needsIdentity,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.resetStats,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("ubiops_organization.test", plancheck.ResourceActionNoop),
				plancheck.ExpectResourceAction("ubiops_organization_user.lead", plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: append(identityChecks(env, &current),
				statecheck.ExpectKnownValue("ubiops_organization_user.lead", tfjsonpath.New("organization_name"), knownvalue.StringExact(renamed)),
				statecheck.ExpectKnownValue("ubiops_organization_user.lead", tfjsonpath.New("admin"), knownvalue.Bool(true))),
			// Adopted, not created again.
			Check: env.checkRoutes(map[string]int{routeOrgCreate: 0, routeUserCreate: 0, routeOrgUpdate: 0, routeUserUpdate: 0}),
		}},
	})
}

// TestAccIdentity_invalidImportIdentity: an identity value that is not a
// UUID is refused with a message naming it, before any request.
func TestAccIdentity_invalidImportIdentity(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("bad-identity")
	config := func(identity string) string {
		return env.config(fmt.Sprintf(`
import {
  to       = ubiops_organization_user.lead
  identity = %s
}

resource "ubiops_organization_user" "lead" {
  organization_name = %q
  email             = "lead@example.com"
}
`, identity, org))
	}
	acceptanceTest(t, resource.TestCase{
		TerraformVersionChecks:   needsIdentity,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig:   env.resetStats,
				Config:      config(`{ organization_id = "acme-ml", user_id = "332d7432-2742-4177-99a9-139e91e0110c" }`),
				ExpectError: wrapped(`identity.organization_id: "acme-ml" is not a UUID`),
			},
			{
				Config:      config(`{ organization_id = "332d7432-2742-4177-99a9-139e91e0110c", user_id = "lead@example.com" }`),
				ExpectError: wrapped(`identity.user_id: "lead@example.com" is not a UUID`),
			},
			{
				// Nothing was asked of UbiOps by either attempt.
				Config: env.config(),
				Check:  env.checkRoutes(map[string]int{routeOrgs: 0, routeUsersList: 0, routeOrgGet: 0}),
			},
		},
	})
}
