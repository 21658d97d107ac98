package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

var userKeys = []string{"id", "email", "name", "surname", "admin", "status"}

// memberID returns the user id of email in acme-ml.
func memberID(t *testing.T, s *Server, email string) string {
	t.Helper()
	for _, m := range s.Members("acme-ml") {
		if strings.EqualFold(m.Email, email) {
			return m.UserID
		}
	}
	t.Fatalf("%s is not a member", email)
	return ""
}

func TestConcurrentMemberCreation(t *testing.T) {
	s := newTestServer(t)
	const workers, emails = 16, 10
	var created atomic.Int32
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range emails {
				email := fmt.Sprintf("user%d@example.com", i)
				if w%2 == 1 {
					email = strings.ToUpper(email)
				}
				status := attempt(t, http.DefaultClient, s, http.MethodPost, "/organizations/acme-ml/users",
					`{"email": "`+email+`"}`)
				switch status {
				case http.StatusCreated:
					created.Add(1)
				case http.StatusBadRequest:
				default:
					t.Errorf("status %d", status)
				}
			}
		}()
	}
	wg.Wait()
	if created.Load() != emails {
		t.Fatalf("%d memberships created for %d emails", created.Load(), emails)
	}
	seen := map[string]bool{}
	for _, m := range s.Members("acme-ml") {
		key := strings.ToLower(m.Email)
		if seen[key] {
			t.Fatalf("duplicate member %s", m.Email)
		}
		seen[key] = true
	}
	if len(seen) != 3+emails {
		t.Fatalf("%d members", len(seen))
	}
}

func TestDirectMutations(t *testing.T) {
	s := newTestServer(t)
	rec, err := s.CreateOrganization("side", "outsider@example.com")
	if err != nil || rec.Subscription != "free" || rec.Status != "active" {
		t.Fatalf("CreateOrganization = %+v, %v", rec, err)
	}
	if _, err := s.CreateOrganization("side", "admin@example.com"); err == nil {
		t.Fatal("a duplicate name was accepted")
	}
	if _, err := s.AddMember("side", "OUTSIDER@example.com", false); err == nil {
		t.Fatal("a duplicate member was accepted")
	}
	if _, err := s.AddMember("nowhere", "a@example.com", false); err == nil {
		t.Fatal("a member was added to a missing organization")
	}
	if err := s.RenameOrganization("side", "Bad"); err == nil {
		t.Fatal("an invalid rename was accepted")
	}
	if err := s.SetMemberAdmin("side", "nobody@example.com", true); err == nil {
		t.Fatal("a missing member was promoted")
	}
	if err := s.DeleteMember("side", "outsider@example.com"); err == nil {
		t.Fatal("the last admin was deleted")
	}

	// The invited owner signs up and can then use the API.
	call(t, s, http.MethodGet, "/organizations/side", "outsider-token", nil).expect(t, http.StatusUnauthorized)
	if err := s.AddUser(SeedUser{Email: "Outsider@example.com", Name: "Out", Token: "outsider-token"}); err != nil {
		t.Fatal(err)
	}
	got := call(t, s, http.MethodGet, "/organizations/side/users", "outsider-token", nil).expect(t, http.StatusOK)
	var users []organizationUserDetail
	got.decode(t, &users)
	if len(users) != 1 || users[0].Status != "active" || users[0].Name != "Out" || users[0].Email != "outsider@example.com" {
		t.Fatalf("users = %+v", users)
	}
	if err := s.AddUser(SeedUser{Email: "bob@example.com"}); err == nil {
		t.Fatal("an existing account was added twice")
	}
	if err := s.AddUser(SeedUser{Email: "new@example.com", Token: bobToken}); err == nil {
		t.Fatal("a token was handed out twice")
	}
	if _, ok := s.Organization("nowhere"); ok {
		t.Fatal("a missing organization was found")
	}
	if s.Members("nowhere") != nil {
		t.Fatal("a missing organization has members")
	}
}

func TestListMembers(t *testing.T) {
	s := newTestServer(t)
	var users []map[string]any
	call(t, s, http.MethodGet, "/organizations/acme-ml/users", adminToken, nil).expect(t, http.StatusOK).decode(t, &users)
	if len(users) != 3 || users[0]["email"] != "admin@example.com" || users[0]["admin"] != true || users[1]["name"] != "Bob" || users[1]["status"] != "active" {
		t.Fatalf("users = %v", users)
	}
	sameKeys(t, users[0], userKeys...)
}

func TestCreateMember(t *testing.T) {
	s := newTestServer(t)
	got := call(t, s, http.MethodPost, "/organizations/acme-ml/users", adminToken, map[string]any{"email": "Eve@Example.com"}).
		expect(t, http.StatusCreated).object(t)
	sameKeys(t, got, userKeys...)
	if got["email"] != "eve@example.com" || got["name"] != "Eve" || got["admin"] != false || got["status"] != "active" {
		t.Fatalf("existing account = %v", got)
	}

	got = call(t, s, http.MethodPost, "/organizations/acme-ml/users", adminToken, map[string]any{"email": "New.Person@Example.com", "admin": true}).
		expect(t, http.StatusCreated).object(t)
	if got["email"] != "New.Person@Example.com" || got["name"] != "" || got["surname"] != "" || got["status"] != "invited" || got["admin"] != true {
		t.Fatalf("invited = %v", got)
	}
	// The invited user keeps one identity across organizations.
	if _, err := s.CreateOrganization("second", "new.person@example.com"); err != nil {
		t.Fatal(err)
	}
	if m := s.Members("second"); m[0].UserID != got["id"] || m[0].Email != "New.Person@Example.com" {
		t.Fatalf("second org members = %+v", m)
	}
}

func TestCreateMemberRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		token  string
		body   any
		status int
		want   string
	}{
		{"already a member", adminToken, map[string]any{"email": "BOB@example.com"}, http.StatusBadRequest, "already a member"},
		{"missing email", adminToken, map[string]any{"admin": true}, http.StatusBadRequest, "email"},
		{"invalid email", adminToken, map[string]any{"email": "not-an-email"}, http.StatusBadRequest, "email"},
		{"admin not a bool", adminToken, map[string]any{"email": "x@example.com", "admin": "yes"}, http.StatusBadRequest, "admin"},
		{"malformed", adminToken, `{`, http.StatusBadRequest, "JSON"},
		{"non-admin", bobToken, map[string]any{"email": "x@example.com"}, http.StatusForbidden, "permission"},
		{"non-member", eveToken, map[string]any{"email": "x@example.com"}, http.StatusForbidden, "permission"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			r := call(t, s, http.MethodPost, "/organizations/acme-ml/users", tc.token, tc.body).expect(t, tc.status)
			m := r.object(t)
			msg, _ := m["error"].(string)
			if d, ok := m["detail"].(string); ok {
				msg = d
			}
			if !strings.Contains(msg, tc.want) {
				t.Fatalf("message = %q, want %q", msg, tc.want)
			}
			if len(s.Members("acme-ml")) != 3 {
				t.Fatal("a rejected request added a member")
			}
		})
	}
}

func TestGetUpdateDeleteMember(t *testing.T) {
	s := newTestServer(t)
	bob := "/organizations/acme-ml/users/" + memberID(t, s, "bob@example.com")

	got := call(t, s, http.MethodGet, bob, adminToken, nil).expect(t, http.StatusOK).object(t)
	sameKeys(t, got, userKeys...)
	if got["email"] != "bob@example.com" {
		t.Fatalf("get = %v", got)
	}
	call(t, s, http.MethodGet, bob, bobToken, nil).expect(t, http.StatusForbidden)

	got = call(t, s, http.MethodPatch, bob, adminToken, map[string]any{"admin": true, "email": "ignored@example.com"}).
		expect(t, http.StatusOK).object(t)
	if got["admin"] != true || got["email"] != "bob@example.com" {
		t.Fatalf("update = %v", got)
	}
	call(t, s, http.MethodPatch, bob, adminToken, map[string]any{}).expect(t, http.StatusBadRequest)

	r := call(t, s, http.MethodDelete, bob, adminToken, nil).expect(t, http.StatusNoContent)
	if len(r.body) != 0 {
		t.Fatalf("delete body = %q", r.body)
	}
	call(t, s, http.MethodGet, bob, adminToken, nil).expect(t, http.StatusNotFound)
	call(t, s, http.MethodDelete, bob, adminToken, nil).expect(t, http.StatusNotFound)
	call(t, s, http.MethodGet, "/organizations/nowhere/users/x", adminToken, nil).expect(t, http.StatusNotFound)
}

func TestLastAdminRule(t *testing.T) {
	s := newTestServer(t)
	if err := s.DeleteMember("acme-ml", "STAFF@example.com"); err != nil {
		t.Fatal(err)
	}
	admin := "/organizations/acme-ml/users/" + memberID(t, s, "admin@example.com")
	for _, tc := range []struct {
		method string
		body   any
		want   string
	}{
		{http.MethodDelete, nil, "last admin"},
		{http.MethodPatch, map[string]any{"admin": false}, "last admin"},
	} {
		r := call(t, s, tc.method, admin, adminToken, tc.body).expect(t, http.StatusBadRequest)
		if msg, _ := r.object(t)["error"].(string); !strings.Contains(msg, tc.want) {
			t.Fatalf("%s: error = %q", tc.method, msg)
		}
	}
	if err := s.SetMemberAdmin("acme-ml", "admin@example.com", false); err == nil {
		t.Fatal("the last admin was demoted directly")
	}
	// With a second admin, the first may step down.
	if err := s.SetMemberAdmin("acme-ml", "bob@example.com", true); err != nil {
		t.Fatal(err)
	}
	call(t, s, http.MethodPatch, admin, adminToken, map[string]any{"admin": false}).expect(t, http.StatusOK)
}

func TestServiceUsersAreNeverMembers(t *testing.T) {
	s := newTestServer(t)
	r := call(t, s, http.MethodPost, "/organizations/acme-ml/users", adminToken, map[string]any{"email": "SVC@example.com"}).
		expect(t, http.StatusBadRequest)
	if msg := errorText(t, r); msg != msgServiceMember {
		t.Fatalf("error = %q", msg)
	}
	if _, err := s.AddMember("acme-ml", "svc@example.com", false); err == nil {
		t.Fatal("a service user was added directly")
	}
	if _, err := s.CreateOrganization("svc-org", "svc@example.com"); err == nil {
		t.Fatal("a service user owns an organization")
	}
	if len(s.Members("acme-ml")) != 3 {
		t.Fatal("a service user became a member")
	}
	// An invited person stays a person.
	if _, err := s.AddMember("acme-ml", "later@example.com", false); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(SeedUser{Email: "later@example.com", Service: true, Token: "later-token"}); err == nil {
		t.Fatal("an invited member became a service user")
	}
}
