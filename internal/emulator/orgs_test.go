package emulator

import (
	"net/http"
	"strings"
	"testing"
)

var (
	listKeys   = []string{"id", "name", "creation_date", "status", "two_factor_authentication_forced"}
	detailKeys = append(append([]string{}, listKeys...), "subscription", "overage_usage")
)

func TestListOrganizationsOnlyMemberships(t *testing.T) {
	s := newTestServer(t)
	var orgs []map[string]any
	call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, http.StatusOK).decode(t, &orgs)
	if len(orgs) != 1 || orgs[0]["name"] != "acme-ml" || orgs[0]["creation_date"] != "2026-01-15T09:00:00.000000Z" {
		t.Fatalf("orgs = %v", orgs)
	}
	sameKeys(t, orgs[0], listKeys...)

	call(t, s, http.MethodGet, "/organizations", eveToken, nil).expect(t, http.StatusOK).decode(t, &orgs)
	if len(orgs) != 0 {
		t.Fatalf("eve sees %v", orgs)
	}
}

func TestCreateOrganization(t *testing.T) {
	s := newTestServer(t)
	r := call(t, s, http.MethodPost, "/organizations", eveToken, map[string]any{"name": "eve-org"}).expect(t, http.StatusCreated)
	got := r.object(t)
	sameKeys(t, got, listKeys...) // OrganizationList: no subscription
	if got["creation_date"] != "2026-12-01T10:00:00.000000Z" || got["status"] != "active" || got["two_factor_authentication_forced"] != false {
		t.Fatalf("created = %v", got)
	}
	rec, ok := s.Organization("eve-org")
	if !ok || rec.Subscription != "free" || rec.ID != got["id"] {
		t.Fatalf("record = %+v", rec)
	}
	members := s.Members("eve-org")
	if len(members) != 1 || members[0].Email != "eve@example.com" || !members[0].Admin {
		t.Fatalf("members = %+v", members)
	}
}

func TestCreateOrganizationRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		body any
		want string
	}{
		{"missing name", map[string]any{}, "name"},
		{"null name", map[string]any{"name": nil}, "name"},
		{"empty name", map[string]any{"name": ""}, "name"},
		{"too long", map[string]any{"name": "a" + strings.Repeat("b", 64)}, "64"},
		{"uppercase", map[string]any{"name": "Acme"}, "lowercase"},
		{"starts with digit", map[string]any{"name": "1acme"}, "lowercase"},
		{"underscore", map[string]any{"name": "acme_ml"}, "lowercase"},
		{"taken", map[string]any{"name": "acme-ml"}, "An organization with this name already exists"},
		{"unknown subscription", map[string]any{"name": "x", "subscription": "gold"}, "subscription"},
		{"free with end date", map[string]any{"name": "x", "subscription_end_date": "2027-01-01"}, "free"},
		{"bad end date", map[string]any{"name": "x", "subscription": "premium", "subscription_end_date": "01-01-2027"}, "YYYY-MM-DD"},
		{"name not a string", map[string]any{"name": 42}, "name: must be a string"},
		{"2fa not a bool", map[string]any{"name": "x", "two_factor_authentication_forced": "yes"}, "two_factor_authentication_forced"},
		{"malformed JSON", `{"name": `, "JSON"},
		{"array body", `["x"]`, "JSON object"},
		{"empty body", ``, "JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			r := call(t, s, http.MethodPost, "/organizations", adminToken, tc.body).expect(t, http.StatusBadRequest)
			if msg, _ := r.object(t)["error"].(string); !strings.Contains(msg, tc.want) {
				t.Fatalf("error = %q, want it to mention %q", msg, tc.want)
			}
		})
	}
}

func TestCreateOrganizationWithOptions(t *testing.T) {
	s := newTestServer(t)
	body := map[string]any{"name": "paid", "subscription": "premium", "subscription_end_date": "2027-03-25",
		"two_factor_authentication_forced": true, "unknown": 1}
	got := call(t, s, http.MethodPost, "/organizations", adminToken, body).expect(t, http.StatusCreated).object(t)
	if got["two_factor_authentication_forced"] != true {
		t.Fatalf("created = %v", got)
	}
	rec, _ := s.Organization("paid")
	if rec.Subscription != "premium" || rec.SubscriptionEndDate == nil || *rec.SubscriptionEndDate != "2027-03-25" {
		t.Fatalf("record = %+v", rec)
	}
}

func TestGetOrganization(t *testing.T) {
	s := newTestServer(t)
	got := call(t, s, http.MethodGet, "/organizations/acme-ml", bobToken, nil).expect(t, http.StatusOK).object(t)
	sameKeys(t, got, detailKeys...) // subscription dates are write-only
	if got["subscription"] != "professional" || got["overage_usage"] != false || got["id"] != "11111111-1111-4111-8111-111111111111" {
		t.Fatalf("detail = %v", got)
	}
}

func TestAccessErrors(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		name, method, path, token string
		body                      any
		status                    int
		key                       string
	}{
		{"no token", http.MethodGet, "/organizations", "", nil, http.StatusUnauthorized, "detail"},
		{"unknown token", http.MethodGet, "/organizations", "nope", nil, http.StatusUnauthorized, "detail"},
		{"non-member reads", http.MethodGet, "/organizations/acme-ml", eveToken, nil, http.StatusForbidden, "detail"},
		{"missing org", http.MethodGet, "/organizations/nowhere", adminToken, nil, http.StatusNotFound, "error"},
		{"non-admin updates", http.MethodPatch, "/organizations/acme-ml", bobToken, map[string]any{"name": "x"}, http.StatusForbidden, "detail"},
		{"non-staff changes subscription", http.MethodPatch, "/organizations/acme-ml", adminToken, map[string]any{"subscription": "enterprise"}, http.StatusForbidden, "detail"},
		{"non-member resources", http.MethodGet, "/organizations/acme-ml/resources", eveToken, nil, http.StatusForbidden, "detail"},
		{"non-member usage", http.MethodGet, "/organizations/acme-ml/usage", eveToken, nil, http.StatusForbidden, "detail"},
		{"missing org usage", http.MethodGet, "/organizations/nowhere/usage", adminToken, nil, http.StatusNotFound, "error"},
		{"non-admin lists users", http.MethodGet, "/organizations/acme-ml/users", bobToken, nil, http.StatusForbidden, "detail"},
		{"missing org users", http.MethodGet, "/organizations/nowhere/users", adminToken, nil, http.StatusNotFound, "error"},
		{"no org delete", http.MethodDelete, "/organizations/acme-ml", adminToken, nil, http.StatusMethodNotAllowed, "error"},
		{"trailing slash", http.MethodGet, "/organizations/", adminToken, nil, http.StatusNotFound, "error"},
		{"unknown path", http.MethodGet, "/projects", adminToken, nil, http.StatusNotFound, "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, s, tc.method, tc.path, tc.token, tc.body).expect(t, tc.status)
			if msg, _ := r.object(t)[tc.key].(string); msg == "" {
				t.Fatalf("body %s has no %q message", r.body, tc.key)
			}
		})
	}
	if rec, _ := s.Organization("acme-ml"); rec.Subscription != "professional" {
		t.Fatalf("a rejected update changed the subscription: %+v", rec)
	}
}
