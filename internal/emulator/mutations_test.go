package emulator

import (
	"net/http"
	"testing"
)

func TestDefaultServer(t *testing.T) {
	s := NewServer(t)
	if s.Token != DefaultToken {
		t.Fatalf("token = %q", s.Token)
	}
	var orgs []any
	call(t, s, http.MethodGet, "/organizations", s.Token, nil).expect(t, http.StatusOK).decode(t, &orgs)
	if len(orgs) != 0 {
		t.Fatalf("orgs = %v", orgs)
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
