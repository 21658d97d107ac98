package provider

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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

// TestAccTokenNeverLeaks searches the full TRACE log (Terraform's and the
// provider's), the state, the plan and an error for the token. It does not
// run in parallel: the log path is an environment variable.
func TestAccTokenNeverLeaks(t *testing.T) {
	env := newTestEnv(t)
	s := env.emulator(t)
	const token = "tok-SECRET-5f1e2d3c4b5a69788796"
	if err := s.AddUser(emulator.SeedUser{Email: "owner@example.com", Token: token}); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	// From the environment, the way tokens are meant to be given: a token
	// written into the configuration is part of the plan file's copy of
	// the configuration, which is Terraform's doing, not the provider's.
	t.Setenv(envToken, "Bearer "+token)
	org := randomName("secret")
	config := fmt.Sprintf("provider \"ubiops\" {\n  host = %q\n}\n\n", env.host) +
		organizationConfig(org, "") + `
resource "ubiops_organization_user" "m" {
  organization_name = ubiops_organization.test.name
  email             = "m@example.com"
}
`
	notInJSON := func(what string, v any) error {
		raw, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if strings.Contains(string(raw), token) {
			return fmt.Errorf("the token appears in the %s", what)
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
				// A wrong token is refused with a diagnostic that says
				// which setting to check, without repeating the token.
				PreConfig:   func() { t.Setenv(envToken, token+"-wrong") },
				Config:      config,
				ExpectError: wrapped("The API token was refused. Check the token in the UBIOPS_API_TOKEN environment variable"),
			},
			{
				// The right token again, for the final destroy.
				PreConfig: func() { t.Setenv(envToken, "Bearer "+token) },
				Config:    config,
			},
		},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	for _, want := range []string{"UbiOps API request", `POST`, "401"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the trace log lacks %q: it does not hold the provider's requests, so the search proves nothing", want)
		}
	}
	if n := strings.Count(log, strings.TrimPrefix(token, "tok-")); n > 0 {
		t.Errorf("the token appears %d times in the TRACE log", n)
	}
}

// TestAccTimeoutEndsAHungRequest: a server that never answers ends in a
// clear error within the resource's timeout.
func TestAccTimeoutEndsAHungRequest(t *testing.T) {
	t.Parallel()
	stop := make(chan struct{})
	hung := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		// Reading the body lets the server notice the client hanging up.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(func() { close(stop); hung.Close() })
	config := fmt.Sprintf(`provider "ubiops" {
  host      = %q
  api_token = "any"
}

resource "ubiops_organization" "test" {
  name = "never-answered"
  timeouts {
    create = "2s"
  }
}
`, hung.URL+"/v2.1")
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: wrapped("The operation did not finish within its timeout"),
		}},
	})
}
