package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/plugin"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// testProviders serves the provider in-process to the Terraform CLI that
// terraform-plugin-testing runs.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"ubiops": func() (tfprotov6.ProviderServer, error) { return plugin.NewServer(New("test")())(), nil },
}

// providersCheckingFor is testProviders with configuration checks bounded
// by d instead of configureTimeout, for a test of a host that never answers
// them; the bound belongs to the provider instance, so tests running beside
// it keep the default.
func providersCheckingFor(d time.Duration) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"ubiops": func() (tfprotov6.ProviderServer, error) {
			return plugin.NewServer(&UbiOpsProvider{version: "test", configureTimeout: d})(), nil
		},
	}
}

// testEnv is what an acceptance test runs against: an in-process emulator,
// or the real UbiOps API when UBIOPS_TEST_LIVE=1 with UBIOPS_API_TOKEN and
// UBIOPS_API_HOST set.
type testEnv struct {
	// server is nil against the real service.
	server *ubiopstest.Server
	host   string
	token  string
}

func newTestEnv(t *testing.T, opts ...func(*emulator.Options)) *testEnv {
	t.Helper()
	if liveRun() {
		host, token := os.Getenv(envHost), os.Getenv(envToken)
		if host == "" || token == "" {
			t.Fatalf("UBIOPS_TEST_LIVE=1 needs %s and %s", envHost, envToken)
		}
		return &testEnv{host: host, token: token}
	}
	s := ubiopstest.NewServer(t, opts...)
	return &testEnv{server: s, host: s.URL, token: "Bearer " + s.AccessToken}
}

// liveRun reports whether the acceptance tests run against the real UbiOps
// API (UBIOPS_TEST_LIVE=1) instead of in-process emulators.
func liveRun() bool { return os.Getenv("UBIOPS_TEST_LIVE") == "1" }

// acceptanceTest runs a test case with the real Terraform CLI. Against the
// in-process emulator it needs nothing but the CLI, so it runs under plain
// `go test`, as terraform-provider-http's tests do; against the real service
// terraform-plugin-testing's TF_ACC gate applies as well, so that a live run
// is never started by accident.
func acceptanceTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	if liveRun() {
		resource.Test(t, tc)
		return
	}
	resource.UnitTest(t, tc)
}

// emulator returns the in-process emulator, skipping tests that act on the
// server directly (renames, deletions "outside Terraform") when running
// against the real service.
func (e *testEnv) emulator(t *testing.T) *ubiopstest.Server {
	t.Helper()
	if e.server == nil {
		t.Skip("this test changes the server directly, which only the emulator allows")
	}
	return e.server
}

// config prefixes HCL with the provider block pointing at this environment.
func (e *testEnv) config(hcl ...string) string {
	return fmt.Sprintf("provider \"ubiops\" {\n  host      = %q\n  api_token = %q\n}\n\n", e.host, e.token) +
		strings.Join(hcl, "\n")
}

// randomName returns an organization name that is free in the live service
// as well as in the emulator.
func randomName(prefix string) string {
	return acctest.RandomWithPrefix("tf-acc-" + prefix)
}

// Route patterns as the emulator counts them.
const (
	routeOrgs       = "GET /organizations"
	routeOrgCreate  = "POST /organizations"
	routeOrgGet     = "GET /organizations/{organization_name}"
	routeOrgUpdate  = "PATCH /organizations/{organization_name}"
	routeUsersList  = "GET /organizations/{organization_name}/users"
	routeUserCreate = "POST /organizations/{organization_name}/users"
	routeUserGet    = "GET /organizations/{organization_name}/users/{user_id}"
	routeUserUpdate = "PATCH /organizations/{organization_name}/users/{user_id}"
	routeUserDelete = "DELETE /organizations/{organization_name}/users/{user_id}"
	routeResources  = "GET /organizations/{organization_name}/resources"
	routeUsage      = "GET /organizations/{organization_name}/usage"
	emulatorAdmin   = "admin@example.com"
)

// resetStats zeroes the emulator's request counts, for a step's PreConfig.
func (e *testEnv) resetStats() {
	if e.server != nil {
		e.server.ResetStats()
	}
}

// checkRoutes asserts how many requests of each route the emulator received
// since the last resetStats. Against the real service it checks nothing.
func (e *testEnv) checkRoutes(want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.server == nil {
			return nil
		}
		stats := e.server.Stats()
		var wrong []string
		for route, n := range want {
			if got := stats.Count(route); got != n {
				wrong = append(wrong, fmt.Sprintf("%s: %d requests, want %d", route, got, n))
			}
		}
		if len(wrong) > 0 {
			return fmt.Errorf("unexpected requests: %s (all: %v)", strings.Join(wrong, "; "), stats.Routes)
		}
		return nil
	}
}

// checkServer runs fn against the emulator, for assertions on its records.
func (e *testEnv) checkServer(fn func(s *ubiopstest.Server) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if e.server == nil {
			return nil
		}
		return fn(e.server)
	}
}

// wrapped matches a phrase in Terraform's output, which wraps long
// diagnostics at any space.
func wrapped(phrase string) *regexp.Regexp {
	words := strings.Fields(phrase)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}
