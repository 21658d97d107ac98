package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// manyMembersConfig declares an organization with n members.
func manyMembersConfig(org string, n int) string {
	return organizationConfig(org, "") + fmt.Sprintf(`
resource "ubiops_organization_user" "member" {
  count             = %d
  organization_name = ubiops_organization.test.name
  email             = "member-${count.index}@example.com"
  admin             = count.index %% 10 == 0
}
`, n)
}

// wantMembers is what manyMembersConfig leaves on the server.
func wantMembers(n int) map[string]bool {
	want := map[string]bool{emulatorAdmin: true}
	for i := range n {
		want[fmt.Sprintf("member-%d@example.com", i)] = i%10 == 0
	}
	return want
}

// testApplyMembers applies an organization with n members against the
// emulator configured by opts, checks that the server holds exactly those
// members, and hands the emulator's statistics to check.
func testApplyMembers(t *testing.T, prefix string, n int, check func(emulator.Stats) error, opts ...func(*emulator.Options)) {
	t.Helper()
	env := newTestEnv(t, opts...)
	s := env.emulator(t)
	org := randomName(prefix)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(manyMembersConfig(org, n)),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkServerMembers(env, org, wantMembers(n)),
				func(*terraform.State) error { return check(s.Stats()) },
			),
		}},
	})
}

// TestAccConvergesUnderFaults: a fifth of all requests fail (500, 502, 503,
// connections dropped before and after the server committed the change);
// the apply still succeeds, the server holds exactly the configured members,
// and the next plan is empty (terraform-plugin-testing checks that).
func TestAccConvergesUnderFaults(t *testing.T) {
	t.Parallel()
	testApplyMembers(t, "faults", 50, func(stats emulator.Stats) error {
		if stats.Faults == 0 {
			return fmt.Errorf("no fault was injected: the test proves nothing")
		}
		t.Logf("requests: %d, faults injected: %d, by route: %v", stats.Total, stats.Faults, stats.Routes)
		return nil
	}, emulator.WithFaultRate(0.2, 7))
}

// TestAccRateLimited: under a limit of 30 requests per window, an apply that
// needs more than that succeeds, pacing itself from the rate-limit headers
// instead of running into 429s. UbiOps' window is a minute; two seconds
// exercise the same pacing in seconds.
func TestAccRateLimited(t *testing.T) {
	t.Parallel()
	testApplyMembers(t, "paced", 30, func(stats emulator.Stats) error {
		t.Logf("requests: %d, answered 429: %d", stats.Total, stats.RateLimited)
		if stats.Total <= 30 {
			return fmt.Errorf("only %d requests: the limit was never reached", stats.Total)
		}
		// Concurrent requests can meet a 429 when the window runs out under
		// them; pacing keeps that rare.
		if stats.RateLimited > stats.Total/10 {
			return fmt.Errorf("%d of %d requests were rate limited", stats.RateLimited, stats.Total)
		}
		return nil
	}, emulator.WithRateLimit(30), emulator.WithRateLimitWindow(2*time.Second))
}

// TestAccSecretsNeverLeak searches the full TRACE log (Terraform's and the
// provider's), the state, the plan and an error for every secret: the
// password, the TOTP secret and each access token UbiOps handed out, the
// one given as api_token included. It does not run in parallel: the log
// path and the credentials are environment variables.
func TestAccSecretsNeverLeak(t *testing.T) {
	env := newTestEnv(t)
	s := env.emulator(t)
	const email, password = "owner@example.com", "pw-SECRET-5f1e2d3c4b5a69788796"
	if err := s.AddUser(emulator.SeedUser{Email: email, Password: password, TOTPSecret: twoFactorSecret}); err != nil {
		t.Fatal(err)
	}
	bearer, err := s.IssueAccessToken(email)
	if err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	// From the environment, the way secrets are meant to be given: a secret
	// written into the configuration is part of the plan file's copy of the
	// configuration, which is Terraform's doing, not the provider's.
	signIn := func(pw string) func() {
		return func() {
			t.Setenv(envEmail, email)
			t.Setenv(envPassword, pw)
			t.Setenv(envTOTPSecret, twoFactorSecret)
			t.Setenv(envToken, "")
			_ = os.Unsetenv(envToken)
		}
	}
	signIn(password)()
	org := randomName("secret")
	config := fmt.Sprintf("provider \"ubiops\" {\n  host = %q\n}\n\n", env.host) +
		organizationConfig(org, "") + `
resource "ubiops_organization_user" "m" {
  organization_name = ubiops_organization.test.name
  email             = "m@example.com"
}
`
	secrets := func() []string { return append([]string{password, twoFactorSecret}, s.IssuedAccessTokens()...) }
	notInJSON := func(what string, v any) error {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		for _, secret := range secrets() {
			if strings.Contains(string(raw), secret) {
				return fmt.Errorf("a secret appears in the %s", what)
			}
		}
		return nil
	}
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planFunc(func(plan any) error { return notInJSON("plan", plan) }),
				}},
				Check: func(state *terraform.State) error { return notInJSON("state", state) },
			},
			{
				// A wrong password is refused with a diagnostic that says
				// which settings to check, without repeating the password.
				PreConfig:   signIn(password + "-wrong"),
				Config:      config,
				ExpectError: wrapped("Check the UBIOPS_EMAIL environment variable and the UBIOPS_PASSWORD environment variable"),
			},
			{
				// An access token given as api_token, for the final destroy.
				PreConfig: func() {
					for _, name := range []string{envEmail, envPassword, envTOTPSecret} {
						t.Setenv(name, "")
						_ = os.Unsetenv(name)
					}
					t.Setenv(envToken, "Bearer "+bearer)
				},
				Config: config,
				Check:  func(state *terraform.State) error { return notInJSON("state", state) },
			},
		},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	for _, want := range []string{"UbiOps API request", `POST`, "UbiOps sign-in", "UbiOps refused"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the trace log lacks %q: it does not hold the provider's requests, so the search proves nothing", want)
		}
	}
	for i, secret := range secrets() {
		if n := strings.Count(log, secret); n > 0 {
			t.Errorf("secret %d appears %d times in the TRACE log", i, n)
		}
	}
}

// TestAccTimeoutEndsAHungRequest: a creation the server never answers is
// abandoned at the resource's create timeout instead of holding the apply.
// Whether it happened is then unknown, so the resource stays in the state
// unconfirmed, without an id, and the next plan, finding no such
// organization, plans its creation again.
func TestAccTimeoutEndsAHungRequest(t *testing.T) {
	t.Parallel()
	stop := make(chan struct{})
	host := fakeUbiOps(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			// The creation that never got an answer stays in the state
			// unconfirmed; the final destroy looks it up, and finds nothing.
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Path == "/v2.1/organizations" {
				_, _ = w.Write([]byte("[]"))
				return
			}
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error": "Organization not found"}`))
			return
		}
		// Reading the body lets the server notice the client hanging up.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	// Registered after the server's own cleanup, so it runs first and lets
	// the hung handlers return before the server waits for them.
	t.Cleanup(func() { close(stop) })
	config := fmt.Sprintf(`provider "ubiops" {
  host      = %q
  api_token = "Bearer any"
}

resource "ubiops_organization" "test" {
  name = "never-answered"
  timeouts {
    create = "2s"
  }
}
`, host)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("ubiops_organization.test", tfjsonpath.New("id"), knownvalue.Null()),
			},
			ExpectNonEmptyPlan: true,
		}},
	})
}
