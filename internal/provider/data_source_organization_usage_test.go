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

// wantPointValues checks a list of data points by their values, in order.
func wantPointValues(values ...float64) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"value": knownvalue.Float64Exact(v)})
	}
	return knownvalue.ListExact(checks)
}

// wantPoint checks one data point completely.
func wantPoint(start, end string, value float64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"start_date": knownvalue.StringExact(start),
		"end_date":   knownvalue.StringExact(end),
		"value":      knownvalue.Float64Exact(value),
	})
}

// usageChecks checks a ubiops_organization_usage's totals and series: the
// organization's, fraud-detection's, churn's (the live projects, in seed
// order) and the deleted projects'.
func usageChecks(address string, total float64, org, fraud, churn, deleted knownvalue.Check) []statecheck.StateCheck {
	projects := tfjsonpath.New("data_projects")
	return []statecheck.StateCheck{
		expectAttr(address, tfjsonpath.New("total_credits"), knownvalue.Float64Exact(total)),
		expectAttr(address, tfjsonpath.New("data_organization"), org),
		expectAttr(address, projects, knownvalue.ListSizeExact(2)),
		expectAttr(address, projects.AtSliceIndex(0).AtMapKey("project_name"), knownvalue.StringExact("fraud-detection")),
		expectAttr(address, projects.AtSliceIndex(0).AtMapKey("project_id"), knownvalue.StringRegexp(orgs.UUIDPattern)),
		expectAttr(address, projects.AtSliceIndex(0).AtMapKey("data"), fraud),
		expectAttr(address, projects.AtSliceIndex(1).AtMapKey("project_name"), knownvalue.StringExact("churn")),
		expectAttr(address, projects.AtSliceIndex(1).AtMapKey("data"), churn),
		expectAttr(address, tfjsonpath.New("data_deleted_projects"), deleted),
	}
}

// TestAccOrganizationUsageDataSource_periods reads acme-ml's credits (see
// dataSourceSeed) over the default period and explicit ranges, per day and
// per month. The clock says 2026-12-01 and the subscription started on
// 2026-01-20, so the default period is 2026-11-20 to 2026-12-20.
func TestAccOrganizationUsageDataSource_periods(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	usage := func(name, args string) string {
		return dataSourceConfig("ubiops_organization_usage", name, orgArgument(seedOrg)+args)
	}
	address := func(name string) string { return "data.ubiops_organization_usage." + name }

	// Default period, per month: one point. churn ran 36 h of its 48 in
	// it (from 11-20T00), fraud-detection its 24 h of 11-25 at 2.5.
	var checks []statecheck.StateCheck
	checks = append(checks,
		expectAttr(address("period"), tfjsonpath.New("interval"), knownvalue.StringExact("month")),
		expectAttr(address("period"), tfjsonpath.New("start_date"), knownvalue.StringExact("2026-11-20T00:00:00Z")),
		expectAttr(address("period"), tfjsonpath.New("end_date"), knownvalue.StringExact("2026-12-20T00:00:00Z")),
		expectAttr(address("period"), tfjsonpath.New("data_organization"), knownvalue.ListExact([]knownvalue.Check{
			wantPoint("2026-11-20T00:00:00Z", "2026-12-20T00:00:00Z", 96),
		})),
	)
	checks = append(checks, usageChecks(address("period"), 96,
		wantPointValues(96), wantPointValues(60), wantPointValues(36), wantPointValues(0))...)

	// Default period, per day: 30 points (11-20 to 12-19). churn: 24 on
	// 11-20 and 12 on 11-21; fraud-detection: 60 on 11-25 (index 5).
	orgDays, fraudDays, churnDays, none := make([]float64, 30), make([]float64, 30), make([]float64, 30), make([]float64, 30)
	churnDays[0], churnDays[1], fraudDays[5] = 24, 12, 60
	orgDays[0], orgDays[1], orgDays[5] = 24, 12, 60
	checks = append(checks,
		expectAttr(address("period_days"), tfjsonpath.New("interval"), knownvalue.StringExact("day")),
		expectAttr(address("period_days"), tfjsonpath.New("data_organization").AtSliceIndex(29),
			wantPoint("2026-12-19T00:00:00Z", "2026-12-20T00:00:00Z", 0)),
	)
	checks = append(checks, usageChecks(address("period_days"), 96,
		wantPointValues(orgDays...), wantPointValues(fraudDays...), wantPointValues(churnDays...), wantPointValues(none...))...)

	// 11-01 to 11-05 per day. fraud-detection at 2.5: 24 h, 24 h, 12 h;
	// old-project (deleted) at 0.5: 24 h on 11-02 and 11-03.
	checks = append(checks,
		expectAttr(address("days"), tfjsonpath.New("start_date"), knownvalue.StringExact("2026-11-01")),
		expectAttr(address("days"), tfjsonpath.New("data_organization").AtSliceIndex(2),
			wantPoint("2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z", 42)),
	)
	checks = append(checks, usageChecks(address("days"), 174,
		wantPointValues(60, 72, 42, 0), wantPointValues(60, 60, 30, 0), wantPointValues(0, 0, 0, 0), wantPointValues(0, 12, 12, 0))...)

	// 10-15 to 12-15 per month: months count from the 15th. The first
	// holds fraud-detection's 60 h (150) and old-project's 48 h (24); the
	// second its 24 h of 11-25 (60) and all of churn's 48 h.
	checks = append(checks, expectAttr(address("months"), tfjsonpath.New("data_organization"), knownvalue.ListExact([]knownvalue.Check{
		wantPoint("2026-10-15T00:00:00Z", "2026-11-15T00:00:00Z", 174),
		wantPoint("2026-11-15T00:00:00Z", "2026-12-15T00:00:00Z", 108),
	})))
	checks = append(checks, usageChecks(address("months"), 282,
		wantPointValues(174, 108), wantPointValues(150, 60), wantPointValues(0, 48), wantPointValues(24, 0))...)

	// RFC 3339 timestamps with an offset: 11-19T12Z to 11-20T12Z, the first
	// 24 h of churn.
	checks = append(checks,
		expectAttr(address("timestamps"), tfjsonpath.New("start_date"), knownvalue.StringExact("2026-11-19T14:00:00+02:00")),
		expectAttr(address("timestamps"), tfjsonpath.New("data_organization"), knownvalue.ListExact([]knownvalue.Check{
			wantPoint("2026-11-19T12:00:00Z", "2026-11-20T12:00:00Z", 24),
		})),
		expectAttr(address("timestamps"), tfjsonpath.New("total_credits"), knownvalue.Float64Exact(24)),
	)

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(
				usage("period", ""),
				usage("period_days", "  interval = \"day\"\n"),
				usage("days", "  start_date = \"2026-11-01\"\n  end_date = \"2026-11-05\"\n  interval = \"day\"\n"),
				usage("months", "  start_date = \"2026-10-15\"\n  end_date = \"2026-12-15\"\n  interval = \"month\"\n"),
				usage("timestamps", "  start_date = \"2026-11-19T14:00:00+02:00\"\n  end_date = \"2026-11-20T12:00:00Z\"\n  interval = \"day\"\n"),
			),
			ConfigStateChecks: checks,
		}},
	})
}

// TestAccOrganizationUsageDataSource_budgets uses the usage where users do:
// a check block that passes (its failure would only warn) and an output
// precondition that stops the run. The check asserts on a top-level data
// source: one scoped inside the check block is read again on every apply,
// so the plan after apply would never be empty.
func TestAccOrganizationUsageDataSource_budgets(t *testing.T) {
	t.Parallel()
	env := newSeededEnv(t)
	config := func(budget string) string {
		return dataSourceConfig("ubiops_organization_usage", "november", orgArgument(seedOrg)+
			"  start_date = \"2026-11-01\"\n  end_date = \"2026-12-01\"\n") + `
check "monthly_peak" {
  assert {
    condition     = alltrue([for p in data.ubiops_organization_usage.november.data_organization : p.value <= 300])
    error_message = "A month used more than 300 credits."
  }
}

output "november_credits" {
  value = data.ubiops_organization_usage.november.total_credits
  precondition {
    condition     = data.ubiops_organization_usage.november.total_credits <= ` + budget + `
    error_message = "November's credits are over budget."
  }
}
`
	}

	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				// November: 150 + 60 (fraud-detection) + 48 (churn) + 24 (old-project).
				Config: env.config(config("300")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("november_credits", knownvalue.Float64Exact(282)),
				},
			},
			{
				Config:      env.config(config("250")),
				ExpectError: regexp.MustCompile(`November's credits are over budget`),
			},
		},
	})
}

func TestAccOrganizationUsageDataSource_invalidInput(t *testing.T) {
	t.Parallel()
	usage := func(args string) string {
		return dataSourceConfig("ubiops_organization_usage", "x", orgArgument(seedOrg)+args)
	}
	testInvalidInputs(t, []invalidInput{
		{"start without end", usage("  start_date = \"2026-11-01\"\n"),
			`(?s)Invalid Attribute Combination.*These attributes must be configured together: \[start_date,end_date\]`},
		{"end without start", usage("  end_date = \"2026-11-01\"\n"),
			`(?s)Invalid Attribute Combination.*These attributes must be configured together: \[start_date,end_date\]`},
		{"no such month", usage("  start_date = \"2026-13-01\"\n  end_date = \"2027-01-01\"\n"),
			`(?s)Invalid date.*start_date: "2026-13-01" is not a valid date`},
		{"not a timestamp", usage("  start_date = \"2026-11-01\"\n  end_date = \"2026-12-01 10:00\"\n"),
			`(?s)Invalid date.*end_date: "2026-12-01 10:00" is not a valid date`},
		{"end before start", usage("  start_date = \"2026-12-01\"\n  end_date = \"2026-11-01\"\n"),
			`(?s)Invalid usage period.*end_date "2026-11-01" is not after start_date "2026-12-01"`},
		// The same instant written two ways is an empty period.
		{"empty period", usage("  start_date = \"2026-11-01T02:00:00+02:00\"\n  end_date = \"2026-11-01\"\n"),
			`(?s)Invalid usage period.*the period must start before it ends`},
		{"bad interval", usage("  interval = \"week\"\n"),
			`(?s)Invalid Attribute Value Match.*interval value must be one of: \["day" "month"\], got: "week"`},
		{"bad organization", dataSourceConfig("ubiops_organization_usage", "x", orgArgument("-acme")),
			`(?s)Invalid organization name.*organization_name: "-acme"`},
	})
}
