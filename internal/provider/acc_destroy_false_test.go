package provider

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// destroyFalseCLI runs a test only with a CLI that knows
// `lifecycle { destroy = false }` and treats it the way the test expects:
// Terraform 1.16 or later (its release candidates included) when terraform
// is true, OpenTofu 1.12 or later when it is false.
type destroyFalseCLI struct{ terraform bool }

var (
	terraformDestroyFalse = version.Must(version.NewVersion("1.16.0"))
	openTofuDestroyFalse  = version.Must(version.NewVersion("1.12.0"))
)

func (c destroyFalseCLI) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	// Core: 1.16.0-rc2 has the feature, though it sorts before 1.16.0.
	core := req.TerraformVersion.Core()
	switch tofu := testCLIIsOpenTofu(); {
	case c.terraform && tofu:
		resp.Skip = "this test is Terraform's: OpenTofu's destroy fails on purpose when it leaves objects behind (-suppress-forget-errors, which the test framework cannot pass)"
	case !c.terraform && !tofu:
		resp.Skip = "this test is OpenTofu's: Terraform destroys a resource whose block is removed, destroy = false or not"
	case c.terraform && core.LessThan(terraformDestroyFalse):
		resp.Skip = "lifecycle { destroy = false } needs Terraform 1.16, this is " + req.TerraformVersion.String()
	case !c.terraform && core.LessThan(openTofuDestroyFalse):
		resp.Skip = "lifecycle { destroy = false } needs OpenTofu 1.12, this is " + req.TerraformVersion.String()
	}
}

// destroyFalseConfig is an organization and a member, both kept by destroy.
func destroyFalseConfig(org string) string {
	return fmt.Sprintf(`
resource "ubiops_organization" "test" {
  name = %q

  lifecycle {
    destroy = false
  }
}

resource "ubiops_organization_user" "member" {
  organization_name = ubiops_organization.test.name
  email             = "kept@example.com"
  admin             = true

  lifecycle {
    destroy = false
  }
}
`, org)
}

// checkKept asserts that the organization and both its members (the
// creator and the managed one) are still on the server, unchanged, and that
// no membership was deleted since the step began.
func checkKept(env *testEnv, org string) func(*terraform.State) error {
	members := checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "kept@example.com": true})
	deletes := env.checkRoutes(map[string]int{routeUserDelete: 0})
	return func(state *terraform.State) error {
		return errors.Join(
			checkServerOrganization(env, org, nil)(state),
			members(state),
			deletes(state),
		)
	}
}

// TestAccDestroyFalse_destroy: with Terraform 1.16, `terraform destroy` of a
// configuration whose organization and member have
// `lifecycle { destroy = false }` forgets them and leaves both on the
// server: no membership is deleted.
func TestAccDestroyFalse_destroy(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	org := randomName("keep")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{destroyFalseCLI{terraform: true}},
		Steps: []resource.TestStep{{
			PreConfig: env.resetStats,
			Config:    env.config(destroyFalseConfig(org)),
			Check:     checkKept(env, org),
		}},
		// Runs after the test's own `terraform destroy`.
		CheckDestroy: func(state *terraform.State) error {
			if n := len(s.Members(org)); n != 2 {
				return fmt.Errorf("the organization has %d members after destroy, want 2", n)
			}
			return checkKept(env, org)(state)
		},
	})
}

// TestAccDestroyFalse_openTofuForgets: with OpenTofu 1.12, removing the
// blocks of an organization and a member that have
// `lifecycle { destroy = false }` forgets them (OpenTofu remembers the
// setting in the state) and leaves both on the server.
func TestAccDestroyFalse_openTofuForgets(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("keep-tofu")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{destroyFalseCLI{terraform: false}},
		Steps: []resource.TestStep{
			{
				Config: env.config(destroyFalseConfig(org)),
				Check:  checkKept(env, org),
			},
			{
				PreConfig: env.resetStats,
				Config:    env.config(),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkKept(env, org),
					func(state *terraform.State) error {
						if n := len(state.RootModule().Resources); n != 0 {
							return fmt.Errorf("the state still holds %d resources", n)
						}
						return nil
					},
					env.checkServer(func(s *ubiopstest.Server) error {
						if n := len(s.Members(org)); n != 2 {
							return fmt.Errorf("the organization has %d members, want 2", n)
						}
						return nil
					}),
				),
			},
		},
	})
}
