package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
)

// memberChecks asserts every field of one member object at path.
func memberChecks(address string, path tfjsonpath.Path, id, email, name, surname string, admin bool, status string) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	if id != "" {
		checks = append(checks, expectAttr(address, path.AtMapKey("id"), knownvalue.StringExact(id)))
	} else {
		checks = append(checks, expectAttr(address, path.AtMapKey("id"), knownvalue.StringRegexp(orgs.UUIDPattern)))
	}
	return append(checks,
		expectAttr(address, path.AtMapKey("email"), knownvalue.StringExact(email)),
		expectAttr(address, path.AtMapKey("name"), knownvalue.StringExact(name)),
		expectAttr(address, path.AtMapKey("surname"), knownvalue.StringExact(surname)),
		expectAttr(address, path.AtMapKey("admin"), knownvalue.Bool(admin)),
		expectAttr(address, path.AtMapKey("status"), knownvalue.StringExact(status)),
	)
}

func TestAccOrganizationUsersDataSource_read(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	users := tfjsonpath.New("users")
	all, admins, others := "data.ubiops_organization_users.all", "data.ubiops_organization_users.admins",
		"data.ubiops_organization_users.others"

	checks := []statecheck.StateCheck{
		expectAttr(all, users, knownvalue.ListSizeExact(4)),
		expectAttr(all, tfjsonpath.New("admin"), knownvalue.Null()),
		expectAttr(admins, users, knownvalue.ListSizeExact(2)),
		expectAttr(others, users, knownvalue.ListSizeExact(2)),
	}
	checks = append(checks, memberChecks(all, users.AtSliceIndex(0), "", emulatorAdmin, "Ada", "Admin", true, "active")...)
	checks = append(checks, memberChecks(admins, users.AtSliceIndex(1), seedOpsID, "Ops@Example.com", "Olga", "Ops", true, "active")...)
	checks = append(checks, memberChecks(others, users.AtSliceIndex(0), "", "dev@example.com", "Dev", "Eloper", false, "active")...)
	// A member without an account: invited, nameless.
	checks = append(checks, memberChecks(others, users.AtSliceIndex(1), "", "invited@example.com", "", "", false, "invited")...)

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(
				dataSourceConfig("ubiops_organization_users", "all", orgArgument(seedOrg)),
				dataSourceConfig("ubiops_organization_users", "admins", orgArgument(seedOrg)+"  admin = true\n"),
				dataSourceConfig("ubiops_organization_users", "others", orgArgument(seedOrg)+"  admin = false\n"),
			),
			ConfigStateChecks: checks,
		}},
	})
}

// TestAccOrganizationUsersDataSource_notAdmin: UbiOps shows members to
// admins only; a member who is not one gets the API's refusal and what to do.
func TestAccOrganizationUsersDataSource_notAdmin(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	if _, err := env.server.AddMember(seedOrg, "stranger@example.com", false); err != nil {
		t.Fatal(err)
	}
	env.token = "Bearer stranger-token"

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.config(dataSourceConfig("ubiops_organization_users", "x", orgArgument(seedOrg))),
			ExpectError: regexp.MustCompile(`(?s)Cannot read members of organization acme-ml.*403.*must be an admin of\s+organization\s+acme-ml`),
		}},
	})
}

func TestAccOrganizationUsersDataSource_invalidInput(t *testing.T) {
	t.Parallel()
	testInvalidInputs(t, []invalidInput{
		{"bad organization", dataSourceConfig("ubiops_organization_users", "x", orgArgument("1st-org")),
			`(?s)Invalid organization name.*organization_name: "1st-org" does not match`},
	})
}
