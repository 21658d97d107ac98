package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// TestAccConcurrentAppliesShareALimit: four applies at once, each with its
// own organization, state and provider, share one per-client rate limit
// (they all come from 127.0.0.1), as several pipelines of one team do. Each
// ends without error, and the server holds every member of every
// organization exactly once. The window is two seconds instead of UbiOps'
// minute, so the test takes seconds; the limit lets every request in flight
// (4 applies × parallelism 10) through in one window, as UbiOps' 100 per
// minute does, and the applies together need several windows.
func TestAccConcurrentAppliesShareALimit(t *testing.T) {
	t.Parallel()
	const applies, members, limit = 4, 20, 50
	env := newTestEnv(t, emulator.WithRateLimit(limit), emulator.WithRateLimitWindow(2*time.Second))
	s := env.emulator(t)
	t.Run("applies", func(t *testing.T) {
		for i := range applies {
			t.Run(fmt.Sprint(i+1), func(t *testing.T) {
				t.Parallel()
				org := randomName(fmt.Sprintf("shared-%d", i+1))
				acceptanceTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testProviders,
					Steps: []resource.TestStep{{
						Config: env.config(manyMembersConfig(org, members)),
						Check:  checkServerMembers(env, org, wantMembers(members)),
					}},
				})
			})
		}
	})
	stats := s.Stats()
	t.Logf("requests: %d, answered 429: %d", stats.Total, stats.RateLimited)
	if answered := stats.Total - stats.RateLimited; answered <= limit {
		t.Fatalf("only %d requests were answered: the applies never needed a second window, so the test proves nothing", answered)
	}
}
