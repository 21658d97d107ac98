package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// expectNoChanges asserts a plan that keeps every resource as it is: none
// was dropped from the state (it would be planned for creation).
var expectNoChanges = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}

// checkStateAddresses asserts the exact addresses in the state, as
// `terraform state list` prints them.
func checkStateAddresses(want ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var got []string
		for address := range s.RootModule().Resources {
			got = append(got, address)
		}
		if len(got) != len(want) {
			return fmt.Errorf("state holds %v, want %v", got, want)
		}
		for _, address := range want {
			if _, ok := s.RootModule().Resources[address]; !ok {
				return fmt.Errorf("state holds %v, want %v", got, want)
			}
		}
		return nil
	}
}

// createOrganization creates org on the emulator, as someone would outside
// Terraform, with the signed-in user as its admin.
func (e *testEnv) createOrganization(t *testing.T, org string) {
	t.Helper()
	if _, err := e.emulator(t).CreateOrganization(org, emulatorAdmin); err != nil {
		t.Fatal(err)
	}
}

// partialGateway plays a gateway in front of UbiOps that, while broken,
// routes the API's status, sign-in and user routes to UbiOps, but not the
// organization routes: those get the 404 a wrong base path gets. It returns
// the API's base URL through it.
func partialGateway(t *testing.T, env *testEnv, broken *atomic.Bool) string {
	t.Helper()
	target, err := url.Parse(env.emulator(t).URL)
	if err != nil {
		t.Fatal(err)
	}
	forwarder := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() && strings.HasPrefix(r.URL.Path, emulator.APIPrefix+"/organizations") {
			r.URL.Path = strings.TrimPrefix(r.URL.Path, emulator.APIPrefix)
		}
		forwarder.ServeHTTP(w, r)
	}))
	t.Cleanup(gateway.Close)
	return gateway.URL + emulator.APIPrefix
}

// TestAccWrongHostKeepsState: pointed at a host without the API's version
// path, or through a gateway that starts answering 404 to the organization
// routes, every read of an organization or its members answers 404. That
// proves nothing about the objects: the plan fails naming the host (and,
// for the reads, what was looked for), and the state keeps every resource.
func TestAccWrongHostKeepsState(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("host")
	members := map[string]string{"a": "a@example.com,true", "b": "b@example.com"}
	addresses := []string{"ubiops_organization.test", "ubiops_organization_user.a", "ubiops_organization_user.b"}
	var broken atomic.Bool
	noVersion := *env
	noVersion.host = strings.TrimSuffix(env.emulator(t).URL, emulator.APIPrefix)
	// The objects belong to the gateway's host: they are created through it.
	env.host = partialGateway(t, env, &broken)
	unchanged := resource.TestStep{
		// Nothing was dropped: the working gateway plans no change.
		PreConfig:        func() { broken.Store(false) },
		Config:           env.config(membersConfig(org, members)),
		ConfigPlanChecks: expectNoChanges,
		Check: resource.ComposeAggregateTestCheckFunc(
			checkStateAddresses(addresses...),
			checkServerMembers(env, org, map[string]bool{emulatorAdmin: true, "a@example.com": true, "b@example.com": false}),
		),
	}
	breakGateway := func() { broken.Store(true) }
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(membersConfig(org, members))},
			{
				// The provider's check of its host fails naming the host.
				Config: noVersion.config(membersConfig(org, members)),
				ExpectError: regexp.MustCompile(`(UbiOps|Not a UbiOps API) at\s+` + regexp.QuoteMeta(noVersion.host) +
					`(\s|$)`),
			},
			unchanged,
			{
				PreConfig:   breakGateway,
				Config:      env.config(membersConfig(org, members)),
				ExpectError: wrapped("UbiOps at " + env.host + " answered 404 Not Found when looking for organization " + org),
			},
			unchanged,
			{
				PreConfig:   breakGateway,
				Config:      env.config(organizationConfig(org, "")),
				ExpectError: wrapped("Cannot read the members of organization " + org + " UbiOps at " + env.host + " answered 404 Not Found"),
			},
			unchanged,
		},
	})
}
