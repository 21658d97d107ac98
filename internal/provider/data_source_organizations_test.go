package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccOrganizationsDataSource_read(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	address := "data.ubiops_organizations.mine"
	first := tfjsonpath.New("organizations").AtSliceIndex(0)

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.resetStats,
			Config:    env.config(dataSourceConfig("ubiops_organizations", "mine", "")),
			ConfigStateChecks: []statecheck.StateCheck{
				// not-mine exists but the signed-in user is no member of it.
				expectAttr(address, tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(seedOrg), knownvalue.StringExact(seedOtherOrg),
				})),
				expectAttr(address, tfjsonpath.New("organizations"), knownvalue.ListSizeExact(2)),
				expectAttr(address, first.AtMapKey("id"), knownvalue.StringExact(seedOrgID)),
				expectAttr(address, first.AtMapKey("name"), knownvalue.StringExact(seedOrg)),
				expectAttr(address, first.AtMapKey("creation_date"), knownvalue.StringExact("2026-01-20T09:00:00.000000Z")),
				expectAttr(address, first.AtMapKey("status"), knownvalue.StringExact("active")),
				expectAttr(address, first.AtMapKey("two_factor_authentication_forced"), knownvalue.Bool(true)),
				expectAttr(address, tfjsonpath.New("organizations").AtSliceIndex(1).AtMapKey("two_factor_authentication_forced"),
					knownvalue.Bool(false)),
			},
			// One list answers it all: no organization is fetched one by one.
			Check: env.checkRoutes(map[string]int{routeOrgGet: 0}),
		}},
	})
}
