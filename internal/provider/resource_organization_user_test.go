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
	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// membersConfig declares an organization and members; admins maps each
// member's resource name to "email,admin".
func membersConfig(org string, members map[string]string) string {
	var b strings.Builder
	b.WriteString(organizationConfig(org, ""))
	for name, spec := range members {
		email, admin, _ := strings.Cut(spec, ",")
		fmt.Fprintf(&b, "\nresource \"ubiops_organization_user\" %q {\n  organization_name = ubiops_organization.test.name\n  email             = %q\n", name, email)
		if admin != "" {
			fmt.Fprintf(&b, "  admin             = %s\n", admin)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// checkServerMembers asserts the emulator's exact member list: email (lower
// case) to admin flag. The organization's creator is included.
func checkServerMembers(env *testEnv, org string, want map[string]bool) resource.TestCheckFunc {
	return env.checkServer(func(s *ubiopstest.Server) error {
		got := map[string]bool{}
		for _, m := range s.Members(org) {
			email := strings.ToLower(m.Email)
			if _, dup := got[email]; dup {
				return fmt.Errorf("member %s appears twice", email)
			}
			got[email] = m.Admin
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("server members of %s: %v, want %v", org, got, want)
		}
		return nil
	})
}

func TestAccOrganizationUser_lifecycle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("members")
	lead, dev := "lead@example.com", "dev@example.com"
	var leadID string

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(membersConfig(org, map[string]string{"lead": lead + ",true", "dev": dev})),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ubiops_organization_user.lead", tfjsonpath.New("id"), knownvalue.StringRegexp(orgs.UUIDPattern)),
					statecheck.ExpectKnownValue("ubiops_organization_user.lead", tfjsonpath.New("admin"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("ubiops_organization_user.dev", tfjsonpath.New("admin"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("ubiops_organization_user.dev", tfjsonpath.New("organization_name"), knownvalue.StringExact(org)),
					// Neither has an account: both are invited, with no name yet.
					statecheck.ExpectKnownValue("ubiops_organization_user.dev", tfjsonpath.New("status"), knownvalue.StringExact("invited")),
					statecheck.ExpectKnownValue("ubiops_organization_user.dev", tfjsonpath.New("name"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue("ubiops_organization_user.dev", tfjsonpath.New("surname"), knownvalue.StringExact("")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, lead: true, dev: false}),
					resource.TestCheckResourceAttrWith("ubiops_organization_user.lead", "id", func(v string) error { leadID = v; return nil }),
				),
			},
			{
				// admin changes in place: one PATCH, nothing removed or added.
				PreConfig: env.resetStats,
				Config:    env.config(membersConfig(org, map[string]string{"lead": lead + ",true", "dev": dev + ",true"})),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization_user.dev", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("ubiops_organization_user.lead", plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(map[string]int{routeUserUpdate: 1, routeUserCreate: 0, routeUserDelete: 0}),
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, lead: true, dev: true}),
				),
			},
			{
				ResourceName:            "ubiops_organization_user.dev",
				ImportState:             true,
				ImportStateId:           org + "/" + dev,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// Configuration generated from an import block plans no
				// changes.
				Config:          env.config(organizationConfig(org, "")),
				ResourceName:    "ubiops_organization_user.dev",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   org + "/" + dev,
				GenerateConfig:  true,
			},
			{
				ResourceName:    "ubiops_organization_user.lead",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					return org + "/" + leadID, nil
				},
			},
			{
				// The same address in another case is the same member.
				PreConfig: env.resetStats,
				Config:    env.config(membersConfig(org, map[string]string{"lead": "Lead@Example.com,true", "dev": dev + ",true"})),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization_user.lead", plancheck.ResourceActionUpdate),
				}},
				Check: env.checkRoutes(map[string]int{routeUserUpdate: 0, routeUserCreate: 0, routeUserDelete: 0}),
			},
			{
				// Removing a member from the configuration removes it from
				// the organization, and only it.
				PreConfig: env.resetStats,
				Config:    env.config(membersConfig(org, map[string]string{"lead": "Lead@Example.com,true"})),
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(map[string]int{routeUserDelete: 1, routeUserCreate: 0}),
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, lead: true}),
				),
			},
		},
	})
}

func TestAccOrganizationUser_renameKeepsMembers(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org, renamed, outside := randomName("before"), randomName("after"), randomName("outside")
	members := map[string]string{"a": "a@example.com", "b": "b@example.com,true"}
	unchanged := map[string]bool{emulatorAdmin: true, "a@example.com": false, "b@example.com": true}
	noMembershipWrites := map[string]int{routeUserCreate: 0, routeUserDelete: 0, routeUserUpdate: 0}

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(membersConfig(org, members))},
			{
				// Renamed in the same configuration: memberships follow.
				PreConfig: env.resetStats,
				Config:    env.config(membersConfig(renamed, members)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization.test", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("ubiops_organization_user.a", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("ubiops_organization_user.b", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ubiops_organization_user.a", tfjsonpath.New("organization_name"), knownvalue.StringExact(renamed)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(noMembershipWrites),
					checkServerMembers(env, renamed, unchanged),
				),
			},
			{
				// Renamed outside Terraform: the organization is found by its
				// UUID, the plan renames it back, and the memberships stay.
				PreConfig: func() {
					if err := env.emulator(t).RenameOrganization(renamed, outside); err != nil {
						t.Fatal(err)
					}
					env.resetStats()
				},
				Config: env.config(membersConfig(renamed, members)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization.test", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("ubiops_organization_user.a", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("ubiops_organization_user.b", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(noMembershipWrites),
					checkServerMembers(env, renamed, unchanged),
				),
			},
		},
	})
}

func TestAccOrganizationUser_driftAndImportErrors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("drift")
	members := map[string]string{"gone": "gone@example.com"}

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(membersConfig(org, members))},
			{
				// Deleted outside Terraform: planned for creation again.
				PreConfig: func() {
					if err := env.emulator(t).DeleteMember(org, "gone@example.com"); err != nil {
						t.Fatal(err)
					}
				},
				Config:   env.config(membersConfig(org, members)),
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization_user.gone", plancheck.ResourceActionCreate),
				}},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: env.config(membersConfig(org, members)),
				Check:  checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "gone@example.com": false}),
			},
			{
				ResourceName:  "ubiops_organization_user.gone",
				ImportState:   true,
				ImportStateId: org + "/not-an-email",
				ExpectError:   wrapped("neither an email address nor a user UUID"),
			},
			{
				ResourceName:  "ubiops_organization_user.gone",
				ImportState:   true,
				ImportStateId: "just-an-org",
				ExpectError:   wrapped("is not of the form organization/email or organization/user_id"),
			},
		},
	})
}

func TestAccOrganizationUser_rulesEndInDiagnostics(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("rules")
	creator := `
resource "ubiops_organization_user" "creator" {
  organization_name = ubiops_organization.test.name
  email             = "` + emulatorAdmin + `"
  admin             = %s
}
`
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(organizationConfig(org, ""))},
			{
				// The creator is an admin already; declared a regular member,
				// the membership is not taken over: the error says to import.
				Config: env.config(organizationConfig(org, ""), fmt.Sprintf(creator, "false")),
				ExpectError: wrapped(emulatorAdmin + ` is already a member of organization ` + org + `, as an admin, while ` +
					`this configuration makes them a regular member. The membership was not taken over, and nothing was ` +
					`changed. To manage it with Terraform, import it: add an import block with id = "` + org + `/admin@example.com"`),
			},
			{
				Config: env.config(organizationConfig(org, ""), fmt.Sprintf(creator, "true"),
					fmt.Sprintf("import {\n  to = ubiops_organization_user.creator\n  id = %q\n}\n", org+"/"+emulatorAdmin)),
			},
			{
				// The last admin cannot be demoted, even on purpose (the
				// creator is the signed-in user: see acc_self_lockout_test.go).
				Config:      env.config(organizationConfig(org, ""), fmt.Sprintf(creator, "false\n  allow_self_removal = true")),
				ExpectError: wrapped("its last admin can be neither removed nor made a regular member. Make another member an admin first"),
			},
			{Config: env.config(organizationConfig(org, ""), fmt.Sprintf(creator, "true\n  allow_self_removal = true"))},
			{
				// Nor removed.
				Config:      env.config(organizationConfig(org, "")),
				ExpectError: wrapped("Cannot remove admin@example.com from organization " + org),
			},
			{
				// A removed block stops managing the membership and keeps it.
				Config: env.config(organizationConfig(org, ""),
					"removed {\n  from = ubiops_organization_user.creator\n  lifecycle {\n    destroy = false\n  }\n}\n"),
				Check: checkServerMembers(env, org, map[string]bool{emulatorAdmin: true}),
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
