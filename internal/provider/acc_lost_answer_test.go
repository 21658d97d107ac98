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
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
)

// proxyAction is what faultyProxy does with one request.
type proxyAction int

const (
	forward     proxyAction = iota
	loseAnswer              // the emulator commits the request, the answer is dropped
	refuse                  // answered 403 without reaching the emulator
	serverError             // answered 502 without reaching the emulator
)

// faultyProxy forwards to the emulator what decide lets through, and
// otherwise plays the fault decide picks for the request.
func faultyProxy(t *testing.T, env *testEnv, decide func(*http.Request) proxyAction) string {
	t.Helper()
	target, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	forwarder := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch decide(r) {
		case forward:
			forwarder.ServeHTTP(w, r)
		case loseAnswer:
			forwarder.ServeHTTP(httptest.NewRecorder(), r) // committed on the server
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijacking the connection: %v", err)
				return
			}
			_ = conn.Close()
		case refuse:
			http.Error(w, `{"error": "refused by the test"}`, http.StatusForbidden)
		case serverError:
			http.Error(w, `{"error": "bad gateway"}`, http.StatusBadGateway)
		}
	}))
	t.Cleanup(proxy.Close)
	return proxy.URL + target.Path
}

// answerLosingProxy loses the answer of the requests lose picks.
func answerLosingProxy(t *testing.T, env *testEnv, lose func(*http.Request) bool) string {
	t.Helper()
	return faultyProxy(t, env, func(r *http.Request) proxyAction {
		if lose(r) {
			return loseAnswer
		}
		return forward
	})
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
				statecheck.ExpectKnownValue("ubiops_organization.test", tfjsonpath.New("id"), knownvalue.StringRegexp(orgs.UUIDPattern)),
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

// TestAccUnconfirmedCreationIsSettledByTheNextRun: the creations' answers
// are lost and so are the lookups that would tell whether they happened.
// The apply keeps both resources without an id and says the next run will
// look them up; the next run does: the organization, which was created,
// is kept without being created again; the member, which was not, is
// created.
func TestAccUnconfirmedCreationIsSettledByTheNextRun(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("unconfirmed")
	var orgPost, orgLookup, userPost, userLookup atomic.Bool
	env.host = faultyProxy(t, env, func(r *http.Request) proxyAction {
		users := strings.HasSuffix(r.URL.Path, "/users")
		switch {
		// A refused lookup is not retried, which keeps the test short.
		case r.Method == http.MethodPost && !users && orgPost.CompareAndSwap(false, true):
			return loseAnswer
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/"+org) && orgPost.Load() && orgLookup.CompareAndSwap(false, true):
			return refuse
		case r.Method == http.MethodPost && users && userPost.CompareAndSwap(false, true):
			return serverError
		case r.Method == http.MethodGet && users && userPost.Load() && userLookup.CompareAndSwap(false, true):
			return refuse
		}
		return forward
	})
	config := env.config(membersConfig(org, map[string]string{"m": "m@example.com,true"}))
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ubiops_organization.test", tfjsonpath.New("id"), knownvalue.Null()),
					statecheck.ExpectKnownValue("ubiops_organization_user.m", tfjsonpath.New("id"), knownvalue.Null()),
					statecheck.ExpectKnownValue("ubiops_organization_user.m", tfjsonpath.New("email"), knownvalue.StringExact("m@example.com")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true}),
					func(*terraform.State) error {
						if !orgLookup.Load() || !userLookup.Load() {
							t.Error("a lookup was not refused: the test proves nothing")
						}
						return nil
					},
				),
				// The next refresh settles both.
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization.test", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("ubiops_organization_user.m", plancheck.ResourceActionCreate),
				}},
			},
			{
				PreConfig: env.resetStats,
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("ubiops_organization.test", tfjsonpath.New("id"), knownvalue.StringRegexp(orgs.UUIDPattern)),
					statecheck.ExpectKnownValue("ubiops_organization_user.m", tfjsonpath.New("id"), knownvalue.StringRegexp(orgs.UUIDPattern)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkRoutes(map[string]int{routeOrgCreate: 0, routeUserCreate: 1}),
					checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "m@example.com": true}),
				),
			},
		},
	})
}
