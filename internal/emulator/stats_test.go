package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestStatsCountRoutes(t *testing.T) {
	s := newTestServer(t)
	call(t, s, http.MethodGet, "/organizations", adminToken, nil)
	call(t, s, http.MethodGet, "/organizations", "", nil) // 401 counts too
	call(t, s, http.MethodPost, "/organizations/acme-ml/users", adminToken, map[string]any{"email": "a@example.com"})
	call(t, s, http.MethodPost, "/organizations/acme-ml/users", adminToken, map[string]any{"email": "a@example.com"}) // 400
	call(t, s, http.MethodGet, "/organizations/acme-ml/users/"+memberID(t, s, "bob@example.com"), adminToken, nil)
	call(t, s, http.MethodDelete, "/organizations/acme-ml", adminToken, nil) // 405
	call(t, s, http.MethodGet, "/organizations/", adminToken, nil)           // 404

	base := strings.TrimSuffix(s.URL, APIPrefix)
	resp, err := http.Get(base + "/__emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	var got Stats
	err = json.NewDecoder(resp.Body).Decode(&got)
	_ = resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"GET /organizations":                                     2,
		"POST /organizations/{organization_name}/users":          2,
		"GET /organizations/{organization_name}/users/{user_id}": 1,
		"DELETE /organizations/{organization_name}":              1,
		"GET /v2.1/organizations/":                               1,
	}
	if got.Total != 7 || len(got.Routes) != len(want) {
		t.Fatalf("stats = %+v", got)
	}
	for route, n := range want {
		if got.Count(route) != n {
			t.Errorf("Count(%q) = %d, want %d", route, got.Count(route), n)
		}
	}

	resp, err = http.Post(base+"/__emulator/stats/reset", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if st := s.Stats(); resp.StatusCode != http.StatusNoContent || st.Total != 0 || len(st.Routes) != 0 {
		t.Fatalf("after reset: %d %+v", resp.StatusCode, st)
	}
}

func TestDirectAccessIsNotCounted(t *testing.T) {
	s := newTestServer(t)
	if _, err := s.AddMember("acme-ml", "x@example.com", false); err != nil {
		t.Fatal(err)
	}
	if err := s.RenameOrganization("acme-ml", "acme-two"); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Total != 0 {
		t.Fatalf("stats = %+v", st)
	}
}
