package provider

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// Tests in which the host plays a hostile or broken UbiOps: it redirects,
// answers success without the object, answers without end, or is not there.
// Each shows that nothing reaches another server or the state, and that the
// message says what happened.

// hostileConfig is a provider block for a fake server at host, and hcl. It
// uses a person's access token, which the provider checks with GET /user
// (which fakeUbiOps answers), so that every organization request meets the
// test's answers.
func hostileConfig(host string, hcl ...string) string {
	return fmt.Sprintf("provider \"ubiops\" {\n  host      = %q\n  api_token = \"Bearer 0123456789abcdef0123456789abcdef01234567\"\n  max_retries = 2\n}\n\n", host) +
		strings.Join(hcl, "\n")
}

const (
	// organizationDataSource reads one organization: a GET.
	organizationDataSource = `data "ubiops_organization" "acme" { name = "acme" }`
	// organizationResource creates one organization: a POST.
	organizationResource = `resource "ubiops_organization" "acme" { name = "acme" }`
)

// countingServer is another origin, which no request may reach; it returns
// how many did.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		t.Errorf("the other origin got %s %s with Authorization %q", r.Method, r.URL.Path, r.Header.Get("Authorization"))
		_, _ = io.WriteString(w, `{"id": "b4d5f6a7-0000-4000-8000-000000000000", "name": "acme"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// TestAccRedirectsAreNotFollowed: a GET (data source) and a POST (resource
// creation) answered with a redirect to another port, or to another host
// name, fail with the Location in the message, and the other origin gets no
// request, so neither the token nor the write reaches it.
func TestAccRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	target, hits := countingServer(t)
	_, port, err := net.SplitHostPort(target.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, config string
		status       int
		location     string
	}{
		{"GET to another port", organizationDataSource, http.StatusFound, target.URL + "/v2.1/organizations/acme"},
		{"GET to another host name", organizationDataSource, http.StatusMovedPermanently, "http://localhost:" + port + "/v2.1/organizations/acme"},
		{"POST to another port", organizationResource, http.StatusTemporaryRedirect, target.URL + "/v2.1/organizations"},
		{"POST to another host name", organizationResource, http.StatusPermanentRedirect, "http://localhost:" + port + "/v2.1/organizations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			host := fakeUbiOps(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Location", tc.location)
				w.WriteHeader(tc.status)
			}))
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      hostileConfig(host, tc.config),
					ExpectError: wrapped(fmt.Sprintf("answered %d %s, redirecting to %s", tc.status, http.StatusText(tc.status), tc.location)),
				}},
			})
		})
	}
	t.Cleanup(func() {
		if n := hits.Load(); n != 0 {
			t.Errorf("the other origin got %d requests", n)
		}
	})
}

// TestAccEmptySuccessAnswersWriteNothing: a server that answers success
// with an empty body, null, or an object without its id and name makes the
// data source and the resource fail with what was asked and what came back,
// and the resource leaves nothing in the state (no tainted entry with a null
// id): the next plan creates it, rather than replacing it.
func TestAccEmptySuccessAnswersWriteNothing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body, want string
	}{
		{"empty body", "", "the answer is empty"},
		{"null", "null", "the answer is null"},
		{"null fields", `{"id": null, "name": null}`, "the answer lacks the organization's id and name"},
		{"no id", `{"name": "acme", "creation_date": "2024-01-01T00:00:00Z"}`, "the answer lacks the organization's id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// Every organization request, the creation and the lookups that
			// follow a doubtful one, gets the same broken answer.
			host := fakeUbiOps(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if r.Method == http.MethodPost {
					w.WriteHeader(http.StatusCreated)
				}
				_, _ = io.WriteString(w, tc.body)
			}))
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config:      hostileConfig(host, organizationDataSource),
						ExpectError: wrapped("GET /organizations/acme answered 200 OK, but " + tc.want),
					},
					{
						Config:      hostileConfig(host, organizationResource),
						ExpectError: wrapped("POST /organizations answered 201 Created, but " + tc.want),
					},
					{
						Config:             hostileConfig(host, organizationResource),
						PlanOnly:           true,
						ExpectNonEmptyPlan: true,
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction("ubiops_organization.acme", plancheck.ResourceActionCreate),
						}},
					},
				},
			})
		})
	}
}

// TestAccRefusedConnectionIsReported: a host where nothing listens is
// reported as such, after a few seconds of retries rather than a minute.
func TestAccRefusedConnectionIsReported(t *testing.T) {
	t.Parallel()
	addr := ubiopstest.ClosedAddress(t)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      hostileConfig("http://"+addr+"/v2.1", `data "ubiops_organizations" "all" {}`),
			ExpectError: wrapped("could not connect to " + addr + ":"),
		}},
	})
}

// TestAccStalledServerEndsInATimeout: a server that never answers, or
// drips its answer a byte at a time, ends the provider's configuration
// checks at their timeout with a message that says so, instead of holding
// the plan; with no answer at all, the message says how to give it more
// time, not that the host is not a UbiOps API.
func TestAccStalledServerEndsInATimeout(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		serve func(w http.ResponseWriter, r *http.Request)
		want  string
	}{
		"stalls": {
			serve: func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			want: "The operation did not finish within its timeout: no answer came from UbiOps in time. " +
				"Check that the host is reachable from this machine",
		},
		"drips": {want: "did not finish within its timeout", serve: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			rc := http.NewResponseController(w)
			for {
				if _, err := io.WriteString(w, " "); err != nil {
					return
				}
				_ = rc.Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(100 * time.Millisecond):
				}
			}
		}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			host := fakeUbiOps(t, http.HandlerFunc(tc.serve))
			acceptanceTest(t, resource.TestCase{
				// The stall is first met while the provider is configured (a
				// service token is checked by listing organizations); those
				// checks end at 2 s here rather than configureTimeout's minutes.
				ProtoV6ProviderFactories: providersCheckingFor(2 * time.Second),
				Steps: []resource.TestStep{{
					Config: hostileConfig(host, `data "ubiops_organizations" "all" {
  timeouts {
    read = "2s"
  }
}`),
					ExpectError: wrapped(tc.want),
				}},
			})
		})
	}
}
