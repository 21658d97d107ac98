package emulator

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultServer(t *testing.T) {
	s := NewServer(t)
	signedIn, _ := signIn(t, s, map[string]any{"email": DefaultEmail, "password": DefaultPassword}).
		expect(t, http.StatusOK).object(t)["access"].(string)
	for _, token := range []string{DefaultAccessToken, signedIn} {
		var orgs []any
		call(t, s, http.MethodGet, "/organizations", token, nil).expect(t, http.StatusOK).decode(t, &orgs)
		if len(orgs) != 0 {
			t.Fatalf("orgs = %v", orgs)
		}
	}
	call(t, s, http.MethodGet, "/organizations", "Token "+DefaultServiceToken, nil).expect(t, http.StatusForbidden)
	me := call(t, s, http.MethodGet, "/user", "Token "+DefaultServiceToken, nil).expect(t, http.StatusOK).object(t)
	if me["email"] != DefaultServiceEmail {
		t.Fatalf("service user = %v", me)
	}
}

func TestExampleSeed(t *testing.T) {
	seed, err := LoadSeed(filepath.Join("..", "..", "examples", "emulator", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(t, WithSeed(seed))
	var usage organizationUsage
	call(t, s, http.MethodGet, "/organizations/acme-ml/usage?start_date=2026-11-01&end_date=2026-12-01", s.AccessToken, nil).
		expect(t, http.StatusOK).decode(t, &usage)
	// The numbers the README promises.
	if usage.DataOrganization[0].Value != 966 || usage.DataDeletedProjects[0].Value != 96 ||
		usage.DataProjects[0].Data[0].Value != 150 || usage.DataProjects[1].Data[0].Value != 720 {
		t.Fatalf("usage = %+v", usage)
	}
	members := s.Members("acme-ml")
	if len(members) != 3 || members[2].Status != "invited" || members[2].Name != "" {
		t.Fatalf("members = %+v", members)
	}
	// Gus signs in only through Google, as the README says.
	if got := oauthSignIn(t, s, map[string]any{"email": "gus@example.com"}).expect(t, http.StatusOK).object(t); got["provider"] != "google" {
		t.Fatalf("Gus's provider = %v", got)
	}
	signIn(t, s, map[string]any{"email": "gus@example.com", "password": "gus-token"}).expect(t, http.StatusBadRequest)
	if me := call(t, s, http.MethodGet, "/user", "gus-token", nil).expect(t, http.StatusOK).object(t); me["email"] != "gus@example.com" {
		t.Fatalf("Gus's token = %v", me)
	}
	if me := call(t, s, http.MethodGet, "/user", s.AccessToken, nil).expect(t, http.StatusOK).object(t); me["registration_date"] != "2026-01-15T08:55:00.000000Z" {
		t.Fatalf("Ada = %v", me)
	}
}

func TestParseSeedRejects(t *testing.T) {
	for _, tc := range []struct {
		name, seed, want string
	}{
		{"not JSON", `{`, "invalid seed JSON"},
		{"unknown key", `{"userz": []}`, "userz"},
		{"trailing data", `{} {}`, "after"},
		{"bad email", `{"users": [{"email": "nope"}]}`, "users[0]"},
		{"duplicate email", `{"users": [{"email": "a@x.io"}, {"email": "A@x.io"}]}`, "duplicate user email"},
		{"duplicate token", `{"users": [{"email": "a@x.io", "token": "t"}, {"email": "b@x.io", "token": "Token t"}]}`, "duplicate token"},
		{"duplicate token of a service user", `{"users": [{"email": "a@x.io", "token": "Bearer t"}, {"email": "b@x.io", "service": true, "token": "t"}]}`, "duplicate token"},
		{"service user without token", `{"users": [{"email": "s@x.io", "service": true}]}`, "needs a token"},
		{"service user with password", `{"users": [{"email": "s@x.io", "service": true, "token": "t", "password": "p"}]}`, "no password"},
		{"service user as member", `{"users": [{"email": "s@x.io", "service": true, "token": "t"}], "organizations": [{"name": "a", "members": [{"email": "s@x.io", "admin": true}]}]}`, "Service users cannot be members"},
		{"unknown sign-in provider", `{"users": [{"email": "a@x.io", "sign_in_provider": "github"}]}`, "sign_in_provider"},
		{"single sign-on with password", `{"users": [{"email": "a@x.io", "sign_in_provider": "google", "password": "p"}]}`, "no password"},
		{"service user with sign-in provider", `{"users": [{"email": "s@x.io", "service": true, "token": "t", "sign_in_provider": "google"}]}`, "sign_in_provider"},
		{"bad registration date", `{"users": [{"email": "a@x.io", "registration_date": "yesterday"}]}`, "invalid seed JSON"},
		{"totp without password", `{"users": [{"email": "a@x.io", "totp_secret": "JBSWY3DPEHPK3PXP"}]}`, "needs a password"},
		{"totp not base32", `{"users": [{"email": "a@x.io", "password": "p", "totp_secret": "not-base-32!"}]}`, "base32"},
		{"bad org name", `{"organizations": [{"name": "Acme"}]}`, "organizations[0]"},
		{"duplicate org", `{"organizations": [{"name": "a"}, {"name": "a"}]}`, "already exists"},
		{"unknown subscription", `{"organizations": [{"name": "a", "subscription": "gold"}]}`, "subscription"},
		{"free with end date", `{"organizations": [{"name": "a", "subscription_end_date": "2027-01-01"}]}`, "free"},
		{"bad start date", `{"organizations": [{"name": "a", "subscription_start_date": "soon"}]}`, "subscription_start_date"},
		{"no admin", `{"organizations": [{"name": "a", "members": [{"email": "a@x.io"}]}]}`, "admin"},
		{"duplicate member", `{"organizations": [{"name": "a", "members": [{"email": "a@x.io", "admin": true}, {"email": "A@X.io"}]}]}`, "already a member"},
		{"unnamed project", `{"organizations": [{"name": "a", "projects": [{}]}]}`, "name is required"},
		{"negative count", `{"organizations": [{"name": "a", "projects": [{"name": "p", "buckets": -1}]}]}`, "negative"},
		{"negative rate", `{"organizations": [{"name": "a", "projects": [{"name": "p", "usage": [{"credits_per_hour": -1, "start": "2026-01-01T00:00:00Z", "end": "2026-01-02T00:00:00Z"}]}]}]}`, "credits_per_hour"},
		{"backwards period", `{"organizations": [{"name": "a", "projects": [{"name": "p", "usage": [{"credits_per_hour": 1, "start": "2026-01-02T00:00:00Z", "end": "2026-01-01T00:00:00Z"}]}]}]}`, "end must be after start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSeed([]byte(tc.seed))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestLoadSeedNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(`{"users": [{"email": "x"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSeed(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error = %v", err)
	}
	if _, err := LoadSeed(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Fatal("a missing file loaded")
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, opts := range []Options{{FaultRate: 1.5}, {RateLimit: -1}, {RateLimitUser: -1}, {RateLimitWindow: -time.Second}, {AccessTokenTTL: -time.Second}, {Seed: &Seed{Users: []SeedUser{{Email: "bad"}}}}} {
		if _, err := New(opts); err == nil {
			t.Errorf("New(%+v) succeeded", opts)
		}
	}
}
