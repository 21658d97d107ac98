package ubiops

import (
	"context"
	"testing"
)

func TestOrganizationOperations(t *testing.T) {
	runOperations(t, []operationTest{
		{
			name:   "list organizations",
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListOrganizations(ctx) },
			method: "GET", path: "/v2.1/organizations", status: 200,
			respBody: "[" + orgJSON + "]", want: []Organization{org},
		},
		{
			name: "create organization with defaults left out",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateOrganization(ctx, OrganizationCreate{Name: "acme"})
			},
			method: "POST", path: "/v2.1/organizations", reqBody: `{"name":"acme"}`,
			status: 201, respBody: orgJSON, want: &org,
		},
		{
			name: "create organization with every field",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateOrganization(ctx, OrganizationCreate{Name: "acme", Subscription: "professional", SubscriptionEndDate: ptr("2025-01-31"), TwoFactorAuthenticationForced: &yes})
			},
			method: "POST", path: "/v2.1/organizations",
			reqBody: `{"name":"acme","subscription":"professional","subscription_end_date":"2025-01-31","two_factor_authentication_forced":true}`,
			status:  201, respBody: orgJSON, want: &org,
		},
		{
			name:   "get organization",
			call:   func(ctx context.Context, c *Client) (any, error) { return c.GetOrganization(ctx, odd) },
			method: "GET", path: oddPath, status: 200,
			respBody: `{"id":"9a5b","name":"acme","subscription":"free","overage_usage":true,"unknown":[1]}`,
			want:     &Organization{ID: "9a5b", Name: "acme", Subscription: "free", OverageUsage: &yes},
		},
		{
			name: "rename organization",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateOrganization(ctx, odd, OrganizationUpdate{Name: ptr("acme-2")})
			},
			method: "PATCH", path: oddPath, reqBody: `{"name":"acme-2"}`,
			status: 200, respBody: `{"id":"9a5b","name":"acme-2"}`, want: &Organization{ID: "9a5b", Name: "acme-2"},
		},
		{
			name: "clear the subscription end date with an explicit null",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateOrganization(ctx, "acme", OrganizationUpdate{SubscriptionEndDate: Null[string]()})
			},
			method: "PATCH", path: "/v2.1/organizations/acme", reqBody: `{"subscription_end_date":null}`,
			status: 200, respBody: orgJSON, want: &org,
		},
		{
			name: "set dates and two-factor",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateOrganization(ctx, "acme", OrganizationUpdate{SubscriptionStartDate: Value("2024-01-01"), SubscriptionEndDate: Value("2024-12-31"), TwoFactorAuthenticationForced: ptr(false)})
			},
			method: "PATCH", path: "/v2.1/organizations/acme",
			reqBody: `{"subscription_end_date":"2024-12-31","subscription_start_date":"2024-01-01","two_factor_authentication_forced":false}`,
			status:  200, respBody: orgJSON, want: &org,
		},
		{
			name:   "resource usage decodes leniently",
			call:   func(ctx context.Context, c *Client) (any, error) { return c.GetResourceUsage(ctx, odd) },
			method: "GET", path: oddPath + "/resources", status: 200,
			respBody: `{"projects":3,"users":2,"buckets":1,"cpu_cores":99}`,
			want:     &ResourceUsage{Projects: 3, Users: 2, Buckets: 1},
		},
		{
			name: "usage with a query",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetUsage(ctx, "acme", UsageQuery{StartDate: "2024-01-01", EndDate: "2024-02-01T00:00:00Z", Interval: "day"})
			},
			method: "GET", path: "/v2.1/organizations/acme/usage",
			query: "end_date=2024-02-01T00%3A00%3A00Z&interval=day&start_date=2024-01-01", status: 200,
			respBody: `{"interval":"day","data_organization":[{"start_date":"2024-01-01T00:00:00Z","end_date":"2024-01-02T00:00:00Z","value":1.5}],` +
				`"data_projects":[{"project_id":"p","project_name":"x","data":[{"value":2}]}],"data_deleted_projects":[{"value":0.25}]}`,
			want: &OrganizationUsage{
				Interval:            "day",
				DataOrganization:    []UsageDataPoint{{StartDate: "2024-01-01T00:00:00Z", EndDate: "2024-01-02T00:00:00Z", Value: 1.5}},
				DataProjects:        []ProjectUsage{{ProjectID: "p", ProjectName: "x", Data: []UsageDataPoint{{Value: 2}}}},
				DataDeletedProjects: []UsageDataPoint{{Value: 0.25}},
			},
		},
		{
			name:   "usage without a query",
			call:   func(ctx context.Context, c *Client) (any, error) { return c.GetUsage(ctx, "acme", UsageQuery{}) },
			method: "GET", path: "/v2.1/organizations/acme/usage", status: 200,
			respBody: `{"interval":"month"}`, want: &OrganizationUsage{Interval: "month"},
		},
	})
}
