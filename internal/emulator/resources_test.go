package emulator

import (
	"net/http"
	"testing"
)

func TestResources(t *testing.T) {
	s := newTestServer(t)
	var got resourceUsage
	call(t, s, http.MethodGet, "/organizations/acme-ml/resources", bobToken, nil).expect(t, http.StatusOK).decode(t, &got)
	// Two live projects; the deleted one (7 deployments) counts nowhere.
	want := resourceUsage{Projects: 2, Users: 3, Deployments: 4, DeploymentVersions: 5, Pipelines: 1, PipelineVersions: 2, Buckets: 3, Environments: 2}
	if got != want {
		t.Fatalf("resources = %+v, want %+v", got, want)
	}
	sameKeys(t, call(t, s, http.MethodGet, "/organizations/acme-ml/resources", bobToken, nil).object(t),
		"projects", "users", "deployments", "deployment_versions", "pipelines", "pipeline_versions", "buckets", "environments")

	call(t, s, http.MethodPost, "/organizations/acme-ml/users", adminToken, map[string]any{"email": "new@example.com"}).expect(t, http.StatusCreated)
	call(t, s, http.MethodGet, "/organizations/acme-ml/resources", bobToken, nil).decode(t, &got)
	if got.Users != 4 {
		t.Fatalf("users after adding = %d", got.Users)
	}
	if err := s.DeleteMember("acme-ml", "new@example.com"); err != nil {
		t.Fatal(err)
	}
	call(t, s, http.MethodGet, "/organizations/acme-ml/resources", bobToken, nil).decode(t, &got)
	if got.Users != 3 {
		t.Fatalf("users after deleting = %d", got.Users)
	}
}
