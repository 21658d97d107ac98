package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// The data source tests share one seed, described here, from which every
// expected number is worked out by hand in the tests.
const (
	// seedOrg is the organization the tests read: a professional
	// subscription started on 2026-01-20, so with seedNow its current
	// period runs from 2026-11-20 to 2026-12-20.
	seedOrg   = "acme-ml"
	seedOrgID = "5d2c8f0e-7a4b-4c1e-9f3a-1b2c3d4e5f60"
	// seedOtherOrg is the signed-in user's second organization.
	seedOtherOrg = "beta-lab"
	// seedForeignOrg exists, but the signed-in user is no member of it.
	seedForeignOrg = "not-mine"
	// seedOpsID is the user ID of the member Ops@Example.com.
	seedOpsID = "0b6f3c52-9d0e-4f7a-8a1b-2c3d4e5f6a7b"
)

// seedNow is the emulator's fixed clock.
var seedNow = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func seedTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// dataSourceSeed is the state the data source tests read. acme-ml has four
// members (two admins, one invited) and three projects:
//
//	fraud-detection  2.5 credits/h  2026-11-01T00 to 11-03T12 (60 h = 150)
//	                                2026-11-25T00 to 11-26T00 (24 h = 60)
//	churn            1.0 credits/h  2026-11-19T12 to 11-21T12 (48 h = 48)
//	old-project      0.5 credits/h  2026-11-02T00 to 11-04T00 (48 h = 24), deleted
func dataSourceSeed() *emulator.Seed {
	start := "2026-01-20"
	created := seedTime("2026-01-20T09:00:00Z")
	return &emulator.Seed{
		Users: []emulator.SeedUser{
			{Email: emulatorAdmin, Name: "Ada", Surname: "Admin", Token: emulator.DefaultAccessToken},
			{Email: "dev@example.com", Name: "Dev", Surname: "Eloper"},
			{ID: seedOpsID, Email: "Ops@Example.com", Name: "Olga", Surname: "Ops"},
			{Email: "stranger@example.com", Name: "Sam", Surname: "Stranger", Token: "stranger-token"},
		},
		Organizations: []emulator.SeedOrganization{
			{
				ID: seedOrgID, Name: seedOrg, Subscription: "professional", SubscriptionStartDate: &start,
				CreationDate: &created, TwoFactorAuthenticationForced: true, OverageUsage: true,
				Members: []emulator.SeedMember{
					{Email: emulatorAdmin, Admin: true},
					{Email: "dev@example.com"},
					{Email: "Ops@Example.com", Admin: true},
					{Email: "invited@example.com"},
				},
				Projects: []emulator.SeedProject{
					{Name: "fraud-detection", Deployments: 3, DeploymentVersions: 5, Pipelines: 1, PipelineVersions: 2,
						Buckets: 1, Environments: 2, Usage: []emulator.SeedUsage{
							{CreditsPerHour: 2.5, Start: seedTime("2026-11-01T00:00:00Z"), End: seedTime("2026-11-03T12:00:00Z")},
							{CreditsPerHour: 2.5, Start: seedTime("2026-11-25T00:00:00Z"), End: seedTime("2026-11-26T00:00:00Z")},
						}},
					{Name: "churn", Deployments: 1, DeploymentVersions: 1, Buckets: 2, Usage: []emulator.SeedUsage{
						{CreditsPerHour: 1, Start: seedTime("2026-11-19T12:00:00Z"), End: seedTime("2026-11-21T12:00:00Z")},
					}},
					// Deleted: counts in the usage of deleted projects, nowhere
					// in the resource counts.
					{Name: "old-project", Deleted: true, Deployments: 4, Buckets: 4, Usage: []emulator.SeedUsage{
						{CreditsPerHour: 0.5, Start: seedTime("2026-11-02T00:00:00Z"), End: seedTime("2026-11-04T00:00:00Z")},
					}},
				},
			},
			{Name: seedOtherOrg, Members: []emulator.SeedMember{{Email: emulatorAdmin, Admin: true}}},
			{Name: seedForeignOrg, Members: []emulator.SeedMember{{Email: "stranger@example.com", Admin: true}}},
		},
	}
}

// newSeededEnv starts an emulator with dataSourceSeed at seedNow. The tests
// that use it check numbers computed from that seed, so they need the
// emulator.
func newSeededEnv(t *testing.T) *testEnv {
	t.Helper()
	env := newTestEnv(t, emulator.WithSeed(dataSourceSeed()), emulator.WithClock(func() time.Time { return seedNow }))
	env.emulator(t)
	return env
}

// dataSourceConfig is one data block; body holds its arguments.
func dataSourceConfig(typ, name, body string) string {
	return fmt.Sprintf("data %q %q {\n%s}\n", typ, name, body)
}

// orgArgument is the organization_name argument line.
func orgArgument(org string) string { return fmt.Sprintf("  organization_name = %q\n", org) }

// expectAttr is a shorthand for a state check of one attribute path.
func expectAttr(address string, path tfjsonpath.Path, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, path, value)
}

func TestAccOrganizationDataSource_read(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	address := "data.ubiops_organization.acme"

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(dataSourceConfig("ubiops_organization", "acme", fmt.Sprintf("  name = %q\n", seedOrg))),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr(address, tfjsonpath.New("id"), knownvalue.StringExact(seedOrgID)),
				expectAttr(address, tfjsonpath.New("name"), knownvalue.StringExact(seedOrg)),
				expectAttr(address, tfjsonpath.New("creation_date"), knownvalue.StringExact("2026-01-20T09:00:00.000000Z")),
				expectAttr(address, tfjsonpath.New("status"), knownvalue.StringExact("active")),
				expectAttr(address, tfjsonpath.New("subscription"), knownvalue.StringExact("professional")),
				expectAttr(address, tfjsonpath.New("two_factor_authentication_forced"), knownvalue.Bool(true)),
				expectAttr(address, tfjsonpath.New("overage_usage"), knownvalue.Bool(true)),
			},
		}},
	})
}

func TestAccOrganizationDataSource_apiErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, org, want string }{
		// UbiOps' answer verbatim, then what to do about it.
		{"not a member", seedForeignOrg, `(?s)Cannot read organization not-mine.*403.*must be an admin of\s+organization\s+not-mine`},
		{"missing", "no-such-org", `(?s)Cannot read organization no-such-org.*404`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newSeededEnv(t)
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      env.config(dataSourceConfig("ubiops_organization", "x", fmt.Sprintf("  name = %q\n", tc.org))),
					ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`)),
				}},
			})
		})
	}
}

// invalidInput is a data source configuration that must fail at plan time;
// want matches the error, which names the attribute and the rule. A space in
// want matches any run of whitespace: Terraform wraps long messages.
type invalidInput struct{ name, config, want string }

// testInvalidInputs plans every configuration against its own emulator and
// expects its error, with no request made: the rule is known, so UbiOps
// need not be asked.
func testInvalidInputs(t *testing.T, cases []invalidInput) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t)
			server := env.emulator(t)
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      env.config(tc.config),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`)),
				}},
			})
			if stats := server.Stats(); stats.Total != 0 {
				t.Errorf("the invalid configuration made %d requests: %v", stats.Total, stats.Routes)
			}
		})
	}
}

func TestAccOrganizationDataSource_invalidInput(t *testing.T) {
	t.Parallel()
	testInvalidInputs(t, []invalidInput{
		{"uppercase", dataSourceConfig("ubiops_organization", "x", "  name = \"Acme_ML\"\n"),
			`(?s)Invalid organization name.*name: "Acme_ML" contains uppercase letters`},
		{"empty", dataSourceConfig("ubiops_organization", "x", "  name = \"\"\n"),
			`(?s)Invalid organization name.*the name is empty`},
		{"missing", dataSourceConfig("ubiops_organization", "x", ""),
			`The argument "name" is required`},
	})
}
