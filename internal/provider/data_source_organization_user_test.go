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

func TestAccOrganizationUserDataSource_read(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	byEmail, byID := "data.ubiops_organization_user.by_email", "data.ubiops_organization_user.by_id"

	checks := []statecheck.StateCheck{
		// Found case-insensitively; the configured address stays as written.
		expectAttr(byEmail, tfjsonpath.New("email"), knownvalue.StringExact("OPS@EXAMPLE.COM")),
		expectAttr(byEmail, tfjsonpath.New("id"), knownvalue.StringExact(seedOpsID)),
		expectAttr(byEmail, tfjsonpath.New("organization_name"), knownvalue.StringExact(seedOrg)),
		expectAttr(byEmail, tfjsonpath.New("name"), knownvalue.StringExact("Olga")),
		expectAttr(byEmail, tfjsonpath.New("surname"), knownvalue.StringExact("Ops")),
		expectAttr(byEmail, tfjsonpath.New("admin"), knownvalue.Bool(true)),
		expectAttr(byEmail, tfjsonpath.New("status"), knownvalue.StringExact("active")),
		// Found by UUID, in any case: the email as UbiOps stores it.
		expectAttr(byID, tfjsonpath.New("email"), knownvalue.StringExact("Ops@Example.com")),
		expectAttr(byID, tfjsonpath.New("name"), knownvalue.StringExact("Olga")),
	}

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(
					dataSourceConfig("ubiops_organization_user", "by_email", orgArgument(seedOrg)+"  email = \"OPS@EXAMPLE.COM\"\n"),
					dataSourceConfig("ubiops_organization_user", "by_id", orgArgument(seedOrg)+
						fmt.Sprintf("  id = %q\n", "0B6F3C52-9D0E-4F7A-8A1B-2C3D4E5F6A7B")),
				),
				ConfigStateChecks: checks,
			},
			{
				Config: env.config(dataSourceConfig("ubiops_organization_user", "missing",
					orgArgument(seedOrg)+"  email = \"nobody@example.com\"\n")),
				ExpectError: regexp.MustCompile(`(?s)Organization member not found.*acme-ml has no member with email\s+"nobody@example.com"`),
			},
			{
				Config: env.config(dataSourceConfig("ubiops_organization_user", "missing",
					orgArgument(seedOrg)+"  id = \"11111111-2222-4333-8444-555555555555\"\n")),
				ExpectError: regexp.MustCompile(`(?s)Organization member not found.*acme-ml has no member with id`),
			},
		},
	})
}

func TestAccOrganizationUserDataSource_invalidInput(t *testing.T) {
	t.Parallel()
	user := func(args string) string {
		return dataSourceConfig("ubiops_organization_user", "x", orgArgument(seedOrg)+args)
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
		{"bad organization", dataSourceConfig("ubiops_organization_user", "x", orgArgument("Acme")+"  email = \"ops@example.com\"\n"),
			`(?s)Invalid organization name.*organization_name: "Acme"`},
	})
}
