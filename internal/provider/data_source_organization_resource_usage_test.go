package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// resourceCountChecks checks every count of a ubiops_organization_resource_usage.
func resourceCountChecks(address string, want map[string]int64) []statecheck.StateCheck {
	checks := make([]statecheck.StateCheck, 0, len(want))
	for name, n := range want {
		checks = append(checks, expectAttr(address, tfjsonpath.New(name), knownvalue.Int64Exact(n)))
	}
	return checks
}

// checkMemberCount asserts how many members the emulator holds for org.
func checkMemberCount(env *testEnv, org string, want int) resource.TestCheckFunc {
	return env.checkServer(func(s *ubiopstest.Server) error {
		if got := len(s.Members(org)); got != want {
			return fmt.Errorf("%s has %d members on the server, want %d", org, got, want)
		}
		return nil
	})
}

// TestAccOrganizationResourceUsageDataSource_counts reads acme-ml's counts
// (see dataSourceSeed), adds a member and reads again, then lets a
// precondition refuse the run as a project limit would.
func TestAccOrganizationResourceUsageDataSource_counts(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	address := "data.ubiops_organization_resource_usage.acme"
	// The live projects' sums: fraud-detection plus churn. old-project is
	// deleted and counts nowhere.
	counts := map[string]int64{
		"projects": 2, "users": 4, "deployments": 3 + 1, "deployment_versions": 5 + 1, "pipelines": 1,
		"pipeline_versions": 2, "buckets": 1 + 2, "environments": 2,
	}
	withNewcomer := map[string]int64{"users": 5, "projects": 2}
	newcomer := fmt.Sprintf(`
resource "ubiops_organization_user" "newcomer" {
  organization_name = %q
  email             = "newcomer@example.com"
}
`, seedOrg)
	// depends_on makes Terraform read the counts after the membership is
	// created; otherwise it reads them while planning, before it exists.
	afterNewcomer := orgArgument(seedOrg) + "  depends_on = [ubiops_organization_user.newcomer]\n"
	projectLimit := `
output "projects" {
  value = data.ubiops_organization_resource_usage.acme.projects
  precondition {
    condition     = data.ubiops_organization_resource_usage.acme.projects < 2
    error_message = "acme-ml has reached its limit of 2 projects."
  }
}
`

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig:         env.resetStats,
				Config:            env.config(dataSourceConfig("ubiops_organization_resource_usage", "acme", orgArgument(seedOrg))),
				ConfigStateChecks: resourceCountChecks(address, counts),
				// Reading writes nothing.
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(map[string]int{routeUserCreate: 0, routeOrgUpdate: 0}),
					checkMemberCount(env, seedOrg, 4),
				),
			},
			{
				PreConfig: env.resetStats,
				Config: env.config(newcomer,
					dataSourceConfig("ubiops_organization_resource_usage", "acme", afterNewcomer)),
				ConfigStateChecks: resourceCountChecks(address, withNewcomer),
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(map[string]int{routeUserCreate: 1}),
					checkMemberCount(env, seedOrg, 5),
				),
			},
			{
				Config: env.config(newcomer,
					dataSourceConfig("ubiops_organization_resource_usage", "acme", afterNewcomer), projectLimit),
				ExpectError: regexp.MustCompile(`acme-ml has reached its limit of 2 projects`),
			},
		},
	})
}

func TestAccOrganizationResourceUsageDataSource_invalidInput(t *testing.T) {
	t.Parallel()
	long := "a" + strings.Repeat("b", 64)
	testInvalidInputs(t, []invalidInput{
		{"too long", dataSourceConfig("ubiops_organization_resource_usage", "x", orgArgument(long)),
			`(?s)Invalid organization name.*is 65 characters long`},
		{"missing", dataSourceConfig("ubiops_organization_resource_usage", "x", ""),
			`The argument "organization_name" is required`},
	})
}
