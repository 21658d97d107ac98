package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// Sign-in as UbiOps' own CLI does it, within UbiOps' rate-limit groups: the
// user group (/authorize, /oauth/*, /user) allows 30 requests a minute per
// address, so a provider run spends one of them, and the settings of the
// provider block and the environment are merged one by one.

// userGroupRequests counts the emulator's user-group requests by route.
func userGroupRequests(s *ubiopstest.Server) (authorize, user, oauth int) {
	for route, n := range s.Stats().Routes {
		_, p, _ := strings.Cut(route, " ")
		p = strings.TrimPrefix(p, "/v2.1")
		switch {
		case p == "/authorize":
			authorize += n
		case p == "/user":
			user += n
		case strings.HasPrefix(p, "/oauth/"):
			oauth += n
		}
	}
	return authorize, user, oauth
}

// unsetEnv clears the provider's variables for the rest of the test, then
// sets the given name, value pairs.
func unsetEnv(t *testing.T, kv ...string) {
	t.Helper()
	for _, name := range []string{envToken, envEmail, envPassword, envTOTPSecret} {
		t.Setenv(name, "")
		_ = os.Unsetenv(name)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		t.Setenv(kv[i], kv[i+1])
	}
}

// TestAccSignInGroups_settingsMergedWithTheEnvironment: the email in the
// block with the password in UBIOPS_PASSWORD signs in, as the docs show it,
// and so does the reverse; a token in the environment is ignored once the
// block signs in with a password. It does not run in parallel: it sets
// environment variables, which the in-process provider reads.
func TestAccSignInGroups_settingsMergedWithTheEnvironment(t *testing.T) {
	env := newTestEnv(t)
	s := env.emulator(t)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				// Nothing supplies the password: the plan says which setting.
				PreConfig:   func() { unsetEnv(t) },
				Config:      env.providerWith(fmt.Sprintf("  email = %q\n", s.Email), currentUserConfig),
				PlanOnly:    true,
				ExpectError: wrapped("The provider's email argument is set, but password (or UBIOPS_PASSWORD) is not"),
			},
			{
				PreConfig: func() {
					unsetEnv(t, envPassword, s.Password, envToken, "Bearer not-a-valid-token")
				},
				Config: env.providerWith(fmt.Sprintf("  email = %q\n", s.Email), currentUserConfig),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ubiops_current_user.me", tfjsonpath.New("email"), knownvalue.StringExact(s.Email)),
				},
			},
			{
				PreConfig: func() { unsetEnv(t, envEmail, s.Email, envToken, "Token not-a-valid-token") },
				Config:    env.providerWith(fmt.Sprintf("  password = %q\n", s.Password), currentUserConfig),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ubiops_current_user.me", tfjsonpath.New("id"), knownvalue.StringRegexp(orgs.UUIDPattern)),
				},
			},
		},
	})
}

// TestAccSignInGroups_serviceTokenFailsThePlan: a service user's token is
// refused at plan, before anything is created, with the service-user
// explanation.
func TestAccSignInGroups_serviceTokenFailsThePlan(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig:   env.resetStats,
			Config:      env.providerWith(fmt.Sprintf("  api_token = %q\n", "Token "+s.ServiceToken), organizationConfig(randomName("svc"), "")),
			ExpectError: wrapped("Service users cannot manage UbiOps organizations"),
		}},
	})
	if n := s.Stats().Count(routeOrgCreate); n != 0 {
		t.Errorf("%d organizations created with a service token", n)
	}
	if n := s.Stats().Count(routeOrgs); n == 0 {
		t.Error("the token was never checked against an organization endpoint")
	}
}

// TestAccSignInGroups_onePlanOneUserGroupRequest: a provider run that signs
// in with a password spends one user-group request, the sign-in: no
// GET /user, no /oauth/sign-in. ubiops_current_user adds the one GET /user
// it needs.
func TestAccSignInGroups_onePlanOneUserGroupRequest(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	org := randomName("onereq")
	config := env.providerWith(signInArgs(s.Email, s.Password), organizationConfig(org, ""), `
resource "ubiops_organization_user" "m" {
  count             = 3
  organization_name = ubiops_organization.test.name
  email             = "m${count.index}@example.com"
}
`)
	onlySignIns := env.checkServer(func(s *ubiopstest.Server) error {
		authorize, user, oauth := userGroupRequests(s)
		if authorize == 0 || user != 0 || oauth != 0 {
			return fmt.Errorf("user-group requests: %d sign-ins, %d GET /user, %d /oauth; want sign-ins alone: %v", authorize, user, oauth, s.Stats().Routes)
		}
		return nil
	})
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{PreConfig: env.resetStats, Config: config, Check: onlySignIns},
			{PreConfig: env.resetStats, Config: config, PlanOnly: true, Check: onlySignIns},
			{
				// A refresh is one provider run: exactly one sign-in.
				PreConfig:    env.resetStats,
				RefreshState: true,
				Check: env.checkServer(func(s *ubiopstest.Server) error {
					if authorize, user, oauth := userGroupRequests(s); authorize+user+oauth != 1 {
						return fmt.Errorf("one refresh made %d user-group requests, want 1: %v", authorize+user+oauth, s.Stats().Routes)
					}
					return nil
				}),
			},
			{
				PreConfig: env.resetStats,
				Config:    config + currentUserConfig,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.ubiops_current_user.me", tfjsonpath.New("name"), knownvalue.NotNull()),
				},
				Check: env.checkServer(func(s *ubiopstest.Server) error {
					if _, user, _ := userGroupRequests(s); user == 0 {
						return fmt.Errorf("ubiops_current_user was read without GET /user: %v", s.Stats().Routes)
					}
					return nil
				}),
			},
		},
	})
}

// userGroupFront forwards to the emulator and hands each answer to edit
// before it goes back; it returns the base URL to use as host.
func userGroupFront(t *testing.T, env *testEnv, edit func(r *http.Request, w http.ResponseWriter) (handled bool)) string {
	t.Helper()
	target, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	forwarder := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !edit(r, w) {
			forwarder.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(front.Close)
	return front.URL + target.Path
}

// TestAccSignInGroups_applyNotSlowedByAnExhaustedUserGroup: the sign-in's
// answer says the user group has nothing left for 200 seconds; the
// organization requests, in the general group, go out at once. Waiting for
// the user group's window would exceed the resource's 30-second timeouts.
func TestAccSignInGroups_applyNotSlowedByAnExhaustedUserGroup(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	host := userGroupFront(t, env, func(r *http.Request, w http.ResponseWriter) bool {
		if strings.HasSuffix(r.URL.Path, "/authorize") {
			w.Header().Set("X-Ratelimit-Limit", "30")
			w.Header().Set("X-Ratelimit-Remaining", "0")
			w.Header().Set("X-Ratelimit-Reset", "200")
		}
		return false
	})
	org := randomName("nowait")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"ubiops\" {\n  host = %q\n%s}\n\n", host, signInArgs(s.Email, s.Password)) +
				organizationConfig(org, "  timeouts {\n    create = \"30s\"\n    read   = \"30s\"\n  }\n"),
			Check: checkServerOrganization(env, org, nil),
		}},
	})
}

// TestAccSignInGroups_refusedTokensSignInTwice: 30 memberships whose
// refresh meets 401 for every access token share one renewal: the refresh
// signs in twice (the first sign-in and one renewal, within the issue's
// bound of three) and ends with a message saying that UbiOps refused the
// token it had just issued.
func TestAccSignInGroups_refusedTokensSignInTwice(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	var refuse atomic.Bool
	var signIns int
	host := userGroupFront(t, env, func(r *http.Request, w http.ResponseWriter) bool {
		if !refuse.Load() || strings.HasSuffix(r.URL.Path, "/authorize") || strings.HasSuffix(r.URL.Path, "/status") {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"detail": "Invalid token."}`))
		return true
	})
	org := randomName("renew")
	config := fmt.Sprintf("provider \"ubiops\" {\n  host = %q\n%s}\n\n", host, signInArgs(s.Email, s.Password)) + manyMembersConfig(org, 30)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: config, Check: checkServerMembers(env, org, wantMembers(30))},
			{
				PreConfig:    func() { refuse.Store(true); env.resetStats() },
				RefreshState: true,
				ExpectError:  wrapped("UbiOps refused the access token it had just issued when signing in again as " + s.Email),
			},
			{
				// The refused refresh is over: count its sign-ins, then let
				// the test's own destroy through.
				PreConfig: func() {
					signIns, _, _ = userGroupRequests(s)
					refuse.Store(false)
				},
				RefreshState: true,
			},
		},
	})
	if signIns != 2 {
		t.Errorf("one refresh of 30 refused memberships signed in %d times, want 2: the first sign-in and one renewal", signIns)
	}
}

// TestAccSignInGroups_messagesNameTheStep: a wrong password and a wrong TOTP
// secret each fail the plan with the step that failed, then the setting to
// fix; the wrong TOTP secret does not send the reader to the password.
func TestAccSignInGroups_messagesNameTheStep(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	const email, password = "steps@example.com", "steps-password-1"
	if err := s.AddUser(emulator.SeedUser{Email: email, Name: "Step", Password: password, TOTPSecret: twoFactorSecret}); err != nil {
		t.Fatal(err)
	}
	// A valid base32 key, but not the account's.
	const otherSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:   env.providerWith(signInArgs(email, "not-the-password"), currentUserConfig),
				PlanOnly: true,
				ExpectError: inOrder("UbiOps refused the sign-in", "sign-in as steps@example.com: UbiOps refused the email and password",
					"Check the provider's email argument and the provider's password argument"),
			},
			{
				Config:   env.providerWith(signInArgs(email, password)+fmt.Sprintf("  totp_secret = %q\n", otherSecret), currentUserConfig),
				PlanOnly: true,
				ExpectError: inOrder("UbiOps refused the two-factor code",
					"two-factor code for steps@example.com: UbiOps accepted the email and password but refused the code",
					"Check the provider's totp_secret argument"),
			},
		},
	})
}

// TestAccSignInGroups_singleSignOnAccount: an account that signs in through
// single sign-on fails the plan with a message naming its provider, saying
// that UbiOps offers no password sign-in for it and what to do instead;
// /oauth/sign-in is asked once, to explain the refusal.
func TestAccSignInGroups_singleSignOnAccount(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	if err := s.AddUser(emulator.SeedUser{Email: "sso@example.com", Name: "Sam", SignInProvider: "google"}); err != nil {
		t.Fatal(err)
	}
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: env.resetStats,
			Config:    env.providerWith(signInArgs("sso@example.com", "any-password-1"), currentUserConfig),
			PlanOnly:  true,
			ExpectError: inOrder("UbiOps account sso@example.com signs in through single sign-on (google)",
				"sign-in as sso@example.com: the account signs in through single sign-on with google, and UbiOps offers no password sign-in for it",
				"sign in as an automation account that has a password", "totp_secret",
				`give a person's access token as api_token = "Bearer ..."`),
		}},
	})
	if authorize, user, oauth := userGroupRequests(s); authorize != 1 || oauth != 1 || user != 0 {
		t.Errorf("user-group requests: %d sign-ins, %d /oauth, %d GET /user; want one sign-in and one /oauth/sign-in", authorize, oauth, user)
	}
}

// TestAccSignInGroups_fiveRunsAgainstAUserGroupOfTwo: the user group allows
// 2 requests per 2-second window; five applies in a row, each several
// provider runs that sign in, all succeed, waiting for the group's window
// whenever a sign-in meets 429.
func TestAccSignInGroups_fiveRunsAgainstAUserGroupOfTwo(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.WithRateLimitUser(2), emulator.WithRateLimitWindow(2*time.Second))
	s := env.emulator(t)
	org := randomName("fiveruns")
	var steps []resource.TestStep
	for run := 1; run <= 5; run++ {
		steps = append(steps, resource.TestStep{
			Config: env.providerWith(signInArgs(s.Email, s.Password), organizationConfig(org, ""), fmt.Sprintf(`
resource "ubiops_organization_user" "m" {
  count             = %d
  organization_name = ubiops_organization.test.name
  email             = "run-${count.index}@example.com"
}
`, run)),
			Check: checkServerMembers(env, org, fiveRunsMembers(s.Email, run)),
		})
	}
	acceptanceTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
	if stats := s.Stats(); stats.RateLimited == 0 {
		t.Errorf("no request met 429, so the user group was never exhausted and the test proves nothing: %v", stats.Routes)
	}
}

// fiveRunsMembers is the member list after run n of the five runs.
func fiveRunsMembers(admin string, n int) map[string]bool {
	want := map[string]bool{admin: true}
	for i := range n {
		want[fmt.Sprintf("run-%d@example.com", i)] = false
	}
	return want
}
