package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// memberChecks asserts every field of one member object at path.
func memberChecks(address string, path tfjsonpath.Path, id, email, name, surname string, admin bool, status string) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	if id != "" {
		checks = append(checks, expect(address, path.AtMapKey("id"), knownvalue.StringExact(id)))
	} else {
		checks = append(checks, expect(address, path.AtMapKey("id"), knownvalue.StringRegexp(uuidPattern)))
	}
	return append(checks,
		expect(address, path.AtMapKey("email"), knownvalue.StringExact(email)),
		expect(address, path.AtMapKey("name"), knownvalue.StringExact(name)),
		expect(address, path.AtMapKey("surname"), knownvalue.StringExact(surname)),
		expect(address, path.AtMapKey("admin"), knownvalue.Bool(admin)),
		expect(address, path.AtMapKey("status"), knownvalue.StringExact(status)),
	)
}

func TestAccOrganizationUsersDataSource_read(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	users := tfjsonpath.New("users")
	all, admins, others := "data.ubiops_organization_users.all", "data.ubiops_organization_users.admins",
		"data.ubiops_organization_users.others"

	checks := []statecheck.StateCheck{
		expect(all, users, knownvalue.ListSizeExact(4)),
		expect(all, tfjsonpath.New("admin"), knownvalue.Null()),
		expect(admins, users, knownvalue.ListSizeExact(2)),
		expect(others, users, knownvalue.ListSizeExact(2)),
	}
	checks = append(checks, memberChecks(all, users.AtSliceIndex(0), "", emulatorAdmin, "Ada", "Admin", true, "active")...)
	checks = append(checks, memberChecks(admins, users.AtSliceIndex(1), seedOpsID, "Ops@Example.com", "Olga", "Ops", true, "active")...)
	checks = append(checks, memberChecks(others, users.AtSliceIndex(0), "", "dev@example.com", "Dev", "Eloper", false, "active")...)
	// A member without an account: invited, nameless.
	checks = append(checks, memberChecks(others, users.AtSliceIndex(1), "", "invited@example.com", "", "", false, "invited")...)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(
				dataConfig("ubiops_organization_users", "all", orgArgument(seedOrg)),
				dataConfig("ubiops_organization_users", "admins", orgArgument(seedOrg)+"  admin = true\n"),
				dataConfig("ubiops_organization_users", "others", orgArgument(seedOrg)+"  admin = false\n"),
			),
			ConfigStateChecks: checks,
		}},
	})
}

func TestAccOrganizationUserDataSource_read(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	byEmail, byID := "data.ubiops_organization_user.by_email", "data.ubiops_organization_user.by_id"

	checks := []statecheck.StateCheck{
		// Found case-insensitively; the configured address stays as written.
		expect(byEmail, tfjsonpath.New("email"), knownvalue.StringExact("OPS@EXAMPLE.COM")),
		expect(byEmail, tfjsonpath.New("id"), knownvalue.StringExact(seedOpsID)),
		expect(byEmail, tfjsonpath.New("organization_name"), knownvalue.StringExact(seedOrg)),
		expect(byEmail, tfjsonpath.New("name"), knownvalue.StringExact("Olga")),
		expect(byEmail, tfjsonpath.New("surname"), knownvalue.StringExact("Ops")),
		expect(byEmail, tfjsonpath.New("admin"), knownvalue.Bool(true)),
		expect(byEmail, tfjsonpath.New("status"), knownvalue.StringExact("active")),
		// Found by UUID, in any case: the email as UbiOps stores it.
		expect(byID, tfjsonpath.New("email"), knownvalue.StringExact("Ops@Example.com")),
		expect(byID, tfjsonpath.New("name"), knownvalue.StringExact("Olga")),
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(
					dataConfig("ubiops_organization_user", "by_email", orgArgument(seedOrg)+"  email = \"OPS@EXAMPLE.COM\"\n"),
					dataConfig("ubiops_organization_user", "by_id", orgArgument(seedOrg)+
						fmt.Sprintf("  id = %q\n", "0B6F3C52-9D0E-4F7A-8A1B-2C3D4E5F6A7B")),
				),
				ConfigStateChecks: checks,
			},
			{
				Config: env.config(dataConfig("ubiops_organization_user", "missing",
					orgArgument(seedOrg)+"  email = \"nobody@example.com\"\n")),
				ExpectError: regexp.MustCompile(`(?s)Organization member not found.*acme-ml has no member with email\s+"nobody@example.com"`),
			},
			{
				Config: env.config(dataConfig("ubiops_organization_user", "missing",
					orgArgument(seedOrg)+"  id = \"11111111-2222-4333-8444-555555555555\"\n")),
				ExpectError: regexp.MustCompile(`(?s)Organization member not found.*acme-ml has no member with id`),
			},
		},
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
	env.token = "stranger-token"

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.config(dataConfig("ubiops_organization_users", "x", orgArgument(seedOrg))),
			ExpectError: regexp.MustCompile(`(?s)Cannot read members of organization acme-ml.*403.*must be an admin of\s+organization\s+acme-ml`),
		}},
	})
}

func TestAccOrganizationUsersDataSource_invalidInput(t *testing.T) {
	t.Parallel()
	testInvalidInputs(t, []invalidInput{
		{"bad organization", dataConfig("ubiops_organization_users", "x", orgArgument("1st-org")),
			`(?s)Invalid organization name.*organization_name: "1st-org" does not match`},
	})
}

func TestAccOrganizationUserDataSource_invalidInput(t *testing.T) {
	t.Parallel()
	user := func(args string) string {
		return dataConfig("ubiops_organization_user", "x", orgArgument(seedOrg)+args)
	}
	testInvalidInputs(t, []invalidInput{
		{"both keys", user("  email = \"ops@example.com\"\n  id = \"" + seedOpsID + "\"\n"),
			`(?s)Invalid Attribute Combination.*Exactly one of these attributes must be configured: \[email,id\]`},
		{"no key", user(""),
			`(?s)Missing Attribute Configuration.*Exactly one of these attributes must be configured: \[email,id\]`},
		{"bad email", user("  email = \"Ops <ops@example.com>\"\n"),
			`(?s)Invalid email address.*email: "Ops <ops@example.com>" is not an email address`},
		{"bad id", user("  id = \"42\"\n"),
			`(?s)Invalid Attribute Value Match.*id must be a user's UUID`},
		{"bad organization", dataConfig("ubiops_organization_user", "x", orgArgument("Acme")+"  email = \"ops@example.com\"\n"),
			`(?s)Invalid organization name.*organization_name: "Acme"`},
	})
}
