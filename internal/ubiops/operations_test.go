package ubiops

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// seenRequest is what the test server received.
type seenRequest struct {
	method, path, query, body, contentType, auth string
}

// newServerClient starts a server answering every request with status and
// body, and a client pointed at it; the returned function reports the last
// request the server saw.
func newServerClient(t testing.TB, status int, body string) (*Client, func() seenRequest) {
	t.Helper()
	seen := make(chan seenRequest, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		// RequestURI is what went over the wire, escaping included.
		p, q, _ := strings.Cut(r.RequestURI, "?")
		seen <- seenRequest{r.Method, p, q, string(b), r.Header.Get("Content-Type"), r.Header.Get("Authorization")}
		if status != http.StatusNoContent {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{Host: srv.URL + "/v2.1/", Token: "Token " + testToken, Retry: fastRetries})
	if err != nil {
		t.Fatal(err)
	}
	return c, func() seenRequest {
		select {
		case r := <-seen:
			return r
		default:
			t.Fatal("the server got no request")
			return seenRequest{}
		}
	}
}

const (
	orgJSON  = `{"id":"9a5b","name":"acme","creation_date":"2020-03-25T15:43:46.101877Z","status":"active","two_factor_authentication_forced":false}`
	userJSON = `{"id":"u-1","email":"Ann@Example.com","name":"Ann","surname":"Lee","admin":true,"status":"active"}`
)

var (
	org  = Organization{ID: "9a5b", Name: "acme", CreationDate: "2020-03-25T15:43:46.101877Z", Status: "active"}
	user = OrganizationUser{ID: "u-1", Email: "Ann@Example.com", Name: "Ann", Surname: "Lee", Admin: true, Status: "active"}
	yes  = true
)

func ptr[T any](v T) *T { return &v }

func TestOperations(t *testing.T) {
	// odd is an organization name the API would refuse, but the client must
	// still put it in one path segment.
	const odd = "a b/c%d?e"
	const oddPath = "/v2.1/organizations/a%20b%2Fc%25d%3Fe"
	tests := []struct {
		name           string
		call           func(context.Context, *Client) (any, error)
		method, path   string
		query, reqBody string
		status         int
		respBody       string
		want           any
	}{
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
			status: 200, respBody: `{"name":"acme-2"}`, want: &Organization{Name: "acme-2"},
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
		{
			name:   "list users",
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListOrganizationUsers(ctx, odd) },
			method: "GET", path: oddPath + "/users", status: 200,
			respBody: "[" + userJSON + "]", want: []OrganizationUser{user},
		},
		{
			name: "add user",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateOrganizationUser(ctx, "acme", OrganizationUserCreate{Email: "Ann@Example.com"})
			},
			method: "POST", path: "/v2.1/organizations/acme/users", reqBody: `{"email":"Ann@Example.com","admin":false}`,
			status: 201, respBody: userJSON, want: &user,
		},
		{
			name:   "get user",
			call:   func(ctx context.Context, c *Client) (any, error) { return c.GetOrganizationUser(ctx, odd, "u/1") },
			method: "GET", path: oddPath + "/users/u%2F1", status: 200,
			respBody: userJSON, want: &user,
		},
		{
			name: "update user",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateOrganizationUser(ctx, "acme", "u-1", OrganizationUserUpdate{Admin: true})
			},
			method: "PATCH", path: "/v2.1/organizations/acme/users/u-1", reqBody: `{"admin":true}`,
			status: 200, respBody: userJSON, want: &user,
		},
		{
			name: "delete user",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteOrganizationUser(ctx, "acme", "u-1")
			},
			method: "DELETE", path: "/v2.1/organizations/acme/users/u-1", status: 204,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, last := newServerClient(t, tt.status, tt.respBody)
			got, err := tt.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			r := last()
			if r.method != tt.method || r.path != tt.path || r.query != tt.query {
				t.Errorf("server saw %s %s?%s, want %s %s?%s", r.method, r.path, r.query, tt.method, tt.path, tt.query)
			}
			if r.body != tt.reqBody {
				t.Errorf("body = %s, want %s", r.body, tt.reqBody)
			}
			if wantType := map[bool]string{true: "application/json", false: ""}[tt.reqBody != ""]; r.contentType != wantType {
				t.Errorf("Content-Type = %q, want %q", r.contentType, wantType)
			}
			if r.auth != "Token "+testToken {
				t.Errorf("Authorization = %q", r.auth)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestOperationsReturnAPIErrors(t *testing.T) {
	c, _ := newServerClient(t, 403, `{"detail":"You do not have permission to perform this action."}`)
	_, err := c.CreateOrganizationUser(context.Background(), "acme", OrganizationUserCreate{Email: "a@b.c"})
	want := "POST /organizations/acme/users: 403 Forbidden: You do not have permission to perform this action."
	if err == nil || err.Error() != want || !IsForbidden(err) {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestOperationsRejectUndecodableAnswers(t *testing.T) {
	c, _ := newServerClient(t, 200, `{"id": 5}`)
	if _, err := c.GetOrganization(context.Background(), "acme"); err == nil || !strings.Contains(err.Error(), "decoding the answer") {
		t.Errorf("err = %v, want a decoding error", err)
	}
}

func TestNewClientChecksTheConfig(t *testing.T) {
	for _, cfg := range []Config{
		{Host: "api.ubiops.com", Token: testToken},
		{Host: "ftp://api.ubiops.com", Token: testToken},
		{Host: DefaultHost, Token: "Token  "},
	} {
		if _, err := NewClient(cfg); err == nil {
			t.Errorf("NewClient(%v) accepted it", cfg)
		}
	}
	if _, err := NewClient(Config{Token: testToken}); err != nil {
		t.Errorf("an empty host must mean the default: %v", err)
	}
}
