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
