package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// The operations without a timeouts block (a list in terraform query, an
// import) end at lookupTimeout when the host stops answering. These tests
// are not parallel: they shorten lookupTimeout, which the parallel tests,
// run after them, must not see.

// hungHost is a UbiOps host that answers the provider's configuration
// checks and then nothing: every other request hangs until the test ends.
// lookupTimeout is 2 s until then.
func hungHost(t *testing.T) string {
	t.Helper()
	stop := make(chan struct{})
	host := fakeUbiOps(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	// Runs before the server's own cleanup, so that the hung handlers return.
	t.Cleanup(func() { close(stop) })
	previous := lookupTimeout
	lookupTimeout = 2 * time.Second
	t.Cleanup(func() { lookupTimeout = previous })
	return host
}

// hungProvider configures the provider for host.
func hungProvider(host string) string {
	return fmt.Sprintf("provider \"ubiops\" {\n  host      = %q\n  api_token = \"Bearer any\"\n}\n", host)
}

func TestAccListTimeoutEndsAHungQuery(t *testing.T) {
	host := hungHost(t)
	acceptanceTest(t, resource.TestCase{
		TerraformVersionChecks:   needsQuery,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Query: true,
			Config: hungProvider(host) + `
list "ubiops_organization" "hung" {
  provider = ubiops
}
`,
			ExpectError: wrapped("did not finish within its timeout"),
		}},
	})
}

func TestAccImportTimeoutEndsAHungLookup(t *testing.T) {
	host := hungHost(t)
	acceptanceTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:        hungProvider(host) + "\nresource \"ubiops_organization\" \"test\" {\n  name = \"hung\"\n}\n",
			ResourceName:  "ubiops_organization.test",
			ImportState:   true,
			ImportStateId: "332d7432-2742-4177-99a9-139e91e0110c",
			ExpectError:   wrapped("did not finish within its timeout"),
		}},
	})
}
