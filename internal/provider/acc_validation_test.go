package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccInvalidInputFailsBeforeAnyRequest: every rule the API states is
// checked at plan time, with a message naming the attribute and the rule,
// and the server never hears of it.
func TestAccInvalidInputFailsBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	member := func(org, email string) string {
		return fmt.Sprintf("resource \"ubiops_organization_user\" \"m\" {\n  organization_name = %q\n  email = %q\n}\n", org, email)
	}
	cases := []struct {
		name, config, want string
	}{
		{"uppercase name", organizationConfig("My-Org", ""), `name: "My-Org" contains uppercase letters`},
		{"name too long", organizationConfig("a"+strings.Repeat("b", 64), ""), "is 65 characters long"},
		{"name starts with a digit", organizationConfig("1org", ""), `does not match the pattern ^[a-z][a-z0-9-]*$`},
		{"underscore in name", organizationConfig("my_org", ""), "An organization name must be 1 to 64 characters long, made of lowercase letters, digits and dashes, starting with a lowercase letter"},
		{"empty name", organizationConfig("", ""), "the name is empty"},
		{"end date format", organizationConfig("ok-org", "  subscription_end_date = \"2027/01/31\"\n"), `subscription_end_date: "2027/01/31" is not a valid date: it must be a date as YYYY-MM-DD`},
		{"start date format", organizationConfig("ok-org", "  subscription_start_date = \"31-01-2027\"\n"), "subscription_start_date"},
		{"end date on a free subscription", organizationConfig("ok-org", "  subscription = \"free\"\n  subscription_end_date = \"2027-01-31\"\n"), "subscription_end_date: a `free` subscription cannot have an end date"},
		{"impossible date", organizationConfig("ok-org", "  subscription_end_date = \"2027-02-30\"\n"), "is not a valid date"},
		{"blank subscription", organizationConfig("ok-org", "  subscription = \" \"\n"), "subscription: the subscription name is empty"},
		{"empty subscription", organizationConfig("ok-org", "  subscription = \"\"\n"), "subscription: the subscription name is empty"},
		{"padded subscription", organizationConfig("ok-org", "  subscription = \" professional\"\n"), `subscription: " professional" begins or ends with spaces`},
		{"end date without a subscription", organizationConfig("ok-org", "  subscription_end_date = \"2027-01-31\"\n"), "subscription_end_date: without subscription, UbiOps gives the organization the `free` subscription, which cannot have an end date"},
		{"dates out of order", organizationConfig("ok-org", "  subscription = \"professional\"\n  subscription_start_date = \"2027-02-01\"\n  subscription_end_date = \"2027-01-31\"\n"), `subscription_end_date "2027-01-31" is not after subscription_start_date "2027-02-01"`},
		{"same start and end", organizationConfig("ok-org", "  subscription = \"professional\"\n  subscription_start_date = \"2027-01-31\"\n  subscription_end_date = \"2027-01-31\"\n"), "a subscription must start before it ends"},
		{"email too long", member("ok-org", strings.Repeat("a", 64)+"@"+strings.Repeat("b", 186)+".com"), "email: the address is 255 characters long, and an email address has at most 254"},
		{"email shape", member("ok-org", "jane.example.com"), `email: "jane.example.com" is not an email address`},
		{"email with display name", member("ok-org", "Jane <jane@example.com>"), "without a display name"},
		{"member organization name", member("Bad_Org", "jane@example.com"), "organization_name: \"Bad_Org\" contains uppercase letters"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      env.config(tc.config),
					PlanOnly:    true,
					ExpectError: wrapped(tc.want),
				}},
			})
			if env.server != nil {
				if total := env.server.Stats().Total; total != 0 {
					t.Errorf("%d requests reached the server: %v", total, env.server.Stats().Routes)
				}
			}
		})
	}
}

// TestAccProviderConfiguration covers the provider block's own rules. It
// does not run in parallel: it clears UBIOPS_API_TOKEN for its duration.
func TestAccProviderConfiguration(t *testing.T) {
	env := newTestEnv(t)
	// Nothing from the developer's environment: every setting comes from
	// the configuration.
	for _, name := range []string{envToken, envHost, envEmail, envPassword, envTOTPSecret} {
		t.Setenv(name, "")
		_ = os.Unsetenv(name)
	}
	org := organizationConfig("cfg-org", "")
	provider := func(body string) string { return "provider \"ubiops\" {\n" + body + "\n}\n" + org }
	steps := []struct {
		config, want string
	}{
		{provider(fmt.Sprintf("host = %q", env.host)), "Set email and password (or UBIOPS_EMAIL and UBIOPS_PASSWORD"},
		{provider(`api_token = "Token "`), "Empty UbiOps API token"},
		{provider(`api_token = "x"` + "\n" + `host = "http://api.example.com/v2.1"`), "uses plain http, which would send the credentials unencrypted"},
		{provider(`api_token = "x"` + "\n" + `host = "ftp://api.example.com"`), "must start with https://"},
		{provider(`api_token = "x"` + "\n" + `max_retry_wait = "soon"`), `max_retry_wait: "soon" is not a positive duration`},
		{provider(`api_token = "x"` + "\n" + `max_retries = -1`), "max_retries"},
	}
	var testSteps []resource.TestStep
	for _, s := range steps {
		testSteps = append(testSteps, resource.TestStep{Config: s.config, PlanOnly: true, ExpectError: wrapped(s.want)})
	}
	// A value known only after apply is not an error while planning.
	testSteps = append(testSteps, resource.TestStep{
		Config: fmt.Sprintf(`resource "terraform_data" "host" {
  input = %q
}

provider "ubiops" {
  host      = terraform_data.host.output
  api_token = %q
}
`, env.host, env.token) + org,
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	acceptanceTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: testSteps})
	if env.server != nil {
		if total := env.server.Stats().Total; total != 0 {
			t.Errorf("%d requests reached the server: %v", total, env.server.Stats().Routes)
		}
	}
}
