package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestUpdateOrganizationRename(t *testing.T) {
	s := newTestServer(t)
	got := call(t, s, http.MethodPatch, "/organizations/acme-ml", adminToken, map[string]any{"name": "acme-ai"}).
		expect(t, http.StatusOK).object(t)
	sameKeys(t, got, detailKeys...)
	if got["name"] != "acme-ai" {
		t.Fatalf("renamed = %v", got)
	}
	call(t, s, http.MethodGet, "/organizations/acme-ml", adminToken, nil).expect(t, http.StatusNotFound)
	call(t, s, http.MethodGet, "/organizations/acme-ai", adminToken, nil).expect(t, http.StatusOK)
	if rec, ok := s.OrganizationByID("11111111-1111-4111-8111-111111111111"); !ok || rec.Name != "acme-ai" {
		t.Fatalf("by id = %+v", rec)
	}
}

func TestUpdateOrganizationRejects(t *testing.T) {
	s := newTestServer(t)
	if _, err := s.CreateOrganization("other", "admin@example.com"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		body any
		want string
	}{
		{"taken name", map[string]any{"name": "other"}, "already exists"},
		{"bad name", map[string]any{"name": "Bad Name"}, "lowercase"},
		{"null name", map[string]any{"name": nil}, "null"},
		{"bad date", map[string]any{"subscription_end_date": "2027/01/01"}, "YYYY-MM-DD"},
		{"date not a string", map[string]any{"subscription_start_date": 20270101}, "must be a string"},
		{"2fa null", map[string]any{"two_factor_authentication_forced": "no"}, "boolean"},
		{"not an object", `"x"`, "JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, s, http.MethodPatch, "/organizations/acme-ml", adminToken, tc.body).expect(t, http.StatusBadRequest)
			if msg, _ := r.object(t)["error"].(string); !strings.Contains(msg, tc.want) {
				t.Fatalf("error = %q, want %q", msg, tc.want)
			}
		})
	}
	if rec, _ := s.Organization("acme-ml"); *rec.SubscriptionEndDate != "2027-01-15" {
		t.Fatalf("rejected updates changed %+v", rec)
	}
}

func TestUpdateOrganizationDates(t *testing.T) {
	s := newTestServer(t)
	body := map[string]any{"subscription_start_date": "2026-02-01", "two_factor_authentication_forced": true, "ignored": true}
	got := call(t, s, http.MethodPatch, "/organizations/acme-ml", adminToken, body).expect(t, http.StatusOK).object(t)
	if _, leaked := got["subscription_start_date"]; leaked || got["two_factor_authentication_forced"] != true {
		t.Fatalf("detail = %v", got)
	}
	rec, _ := s.Organization("acme-ml")
	if *rec.SubscriptionStartDate != "2026-02-01" || *rec.SubscriptionEndDate != "2027-01-15" {
		t.Fatalf("an absent field changed: %+v", rec)
	}

	call(t, s, http.MethodPatch, "/organizations/acme-ml", adminToken, `{"subscription_end_date": null}`).expect(t, http.StatusOK)
	if rec, _ := s.Organization("acme-ml"); rec.SubscriptionEndDate != nil || rec.SubscriptionStartDate == nil {
		t.Fatalf("null did not clear only the end date: %+v", rec)
	}
}

func TestUpdateSubscription(t *testing.T) {
	s := newTestServer(t)
	// Sending the current subscription is not a change, so an admin may.
	call(t, s, http.MethodPatch, "/organizations/acme-ml", adminToken, map[string]any{"subscription": "professional"}).expect(t, http.StatusOK)
	got := call(t, s, http.MethodPatch, "/organizations/acme-ml", staffToken, map[string]any{"subscription": "enterprise"}).
		expect(t, http.StatusOK).object(t)
	if got["subscription"] != "enterprise" {
		t.Fatalf("detail = %v", got)
	}
	call(t, s, http.MethodPatch, "/organizations/acme-ml", staffToken, map[string]any{"subscription": "gold"}).expect(t, http.StatusBadRequest)
	// Free subscriptions cannot keep an end date.
	call(t, s, http.MethodPatch, "/organizations/acme-ml", staffToken, map[string]any{"subscription": "free"}).expect(t, http.StatusBadRequest)
	call(t, s, http.MethodPatch, "/organizations/acme-ml", staffToken, map[string]any{"subscription": "free", "subscription_end_date": nil}).expect(t, http.StatusOK)
}

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
	got := call(t, s, http.MethodGet, "/organizations/acme-ml", adminToken, nil).expect(t, http.StatusOK).object(t)
	sameKeys(t, got, detailKeys...) // subscription dates are write-only
	if got["subscription"] != "professional" || got["overage_usage"] != false || got["id"] != "11111111-1111-4111-8111-111111111111" {
		t.Fatalf("detail = %v", got)
	}
}

func TestBlankSubscriptionOrVoucher(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		name, method, path, token string
		body                      map[string]any
	}{
		{"create, blank subscription", http.MethodPost, "/organizations", adminToken, map[string]any{"name": "x", "subscription": ""}},
		{"create, spaces as subscription", http.MethodPost, "/organizations", adminToken, map[string]any{"name": "x", "subscription": "  "}},
		{"create, blank voucher", http.MethodPost, "/organizations", adminToken, map[string]any{"name": "x", "voucher": ""}},
		{"update by staff, blank subscription", http.MethodPatch, "/organizations/acme-ml", staffToken, map[string]any{"subscription": ""}},
		{"update by an admin, blank subscription", http.MethodPatch, "/organizations/acme-ml", adminToken, map[string]any{"subscription": " "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, s, tc.method, tc.path, tc.token, tc.body).expect(t, http.StatusBadRequest)
			if msg := errorText(t, r); !strings.Contains(msg, "may not be blank") {
				t.Fatalf("error = %q", msg)
			}
		})
	}
	if _, ok := s.Organization("x"); ok {
		t.Fatal("a blank subscription or voucher created an organization")
	}
	if rec, _ := s.Organization("acme-ml"); rec.Subscription != "professional" {
		t.Fatalf("subscription = %q", rec.Subscription)
	}
	call(t, s, http.MethodPost, "/organizations", adminToken, map[string]any{"name": "x", "voucher": "WELCOME"}).expect(t, http.StatusCreated)
}
