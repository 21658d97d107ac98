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
	if s.Token != DefaultToken {
		t.Fatalf("token = %q", s.Token)
	}
	var orgs []any
	call(t, s, http.MethodGet, "/organizations", s.Token, nil).expect(t, http.StatusOK).decode(t, &orgs)
	if len(orgs) != 0 {
		t.Fatalf("orgs = %v", orgs)
	}
}

func TestExampleSeed(t *testing.T) {
	seed, err := LoadSeed(filepath.Join("..", "..", "examples", "emulator", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := NewServer(t, WithSeed(seed))
	var usage organizationUsage
	call(t, s, http.MethodGet, "/organizations/acme-ml/usage?start_date=2026-11-01&end_date=2026-12-01", s.Token, nil).
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
	for _, opts := range []Options{{FaultRate: 1.5}, {RateLimit: -1}, {RateLimitWindow: -time.Second}, {Seed: &Seed{Users: []SeedUser{{Email: "bad"}}}}} {
		if _, err := New(opts); err == nil {
			t.Errorf("New(%+v) succeeded", opts)
		}
	}
}
