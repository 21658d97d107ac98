package provider

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// answerLosingProxy forwards to the emulator, but for the first request of
// each kind that lose picks it lets the emulator commit the change and then
// drops the connection, so the client never learns the outcome.
func answerLosingProxy(t *testing.T, env *testEnv, lose func(*http.Request) bool) string {
	t.Helper()
	target, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !lose(r) {
			forward.ServeHTTP(w, r)
			return
		}
		forward.ServeHTTP(httptest.NewRecorder(), r) // committed on the server
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijacking the connection: %v", err)
			return
		}
		_ = conn.Close()
	}))
	t.Cleanup(proxy.Close)
	return proxy.URL + target.Path
}

// TestAccLostCreationAnswerIsAdopted: the organization and the member are
// created on the server but their answers are lost; the provider finds
// them by name and email and adopts them, creating neither twice.
func TestAccLostCreationAnswerIsAdopted(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	var lostOrg, lostMember atomic.Bool
	env.host = answerLosingProxy(t, env, func(r *http.Request) bool {
		if r.Method != http.MethodPost {
			return false
		}
		if strings.HasSuffix(r.URL.Path, "/users") {
			return lostMember.CompareAndSwap(false, true)
		}
		return lostOrg.CompareAndSwap(false, true)
	})
	org := randomName("lost")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(membersConfig(org, map[string]string{"m": "m@example.com,true"})),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("ubiops_organization.test", tfjsonpath.New("id"), knownvalue.StringRegexp(uuidPattern)),
				statecheck.ExpectKnownValue("ubiops_organization_user.m", tfjsonpath.New("admin"), knownvalue.Bool(true)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				env.checkRoutes(map[string]int{routeOrgCreate: 1, routeUserCreate: 1}),
				checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "m@example.com": true}),
				func(*terraform.State) error {
					if !lostOrg.Load() || !lostMember.Load() {
						t.Error("no answer was lost: the test proves nothing")
					}
					return nil
				},
			),
		}},
	})
}
