package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccHost_mustBeUbiOps: a host that does not answer as a UbiOps API v2.1
// fails the plan once, naming the host and the likely fix, and an empty host
// is an error rather than the public API.
func TestAccHost_mustBeUbiOps(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	s := env.emulator(t)
	withoutVersion := strings.TrimSuffix(s.URL, "/v2.1")
	webPage := fakeUbiOps(t, http.NotFoundHandler())
	webPage = strings.TrimSuffix(webPage, "/v2.1") + "/web"
	credentials := fmt.Sprintf("  api_token = %q\n", "Bearer "+s.AccessToken)
	withHost := func(host string) string {
		return fmt.Sprintf("provider \"ubiops\" {\n  host = %q\n%s}\n\n%s", host, credentials, currentUserConfig)
	}
	cases := map[string]struct{ host, want string }{
		"missing version":  {withoutVersion, "Not a UbiOps API at " + withoutVersion},
		"suggests the fix": {withoutVersion, "did you mean " + withoutVersion + "/v2.1?"},
		"another server":   {webPage, "Not a UbiOps API at " + webPage},
		"empty":            {"", "The provider's host argument is set but empty"},
		"blank":            {"  ", "The provider's host argument is set but empty"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			acceptanceTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      withHost(tc.host),
					ExpectError: wrapped(tc.want),
				}},
			})
		})
	}
}
