package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// wholeListConfig is the authoritative form of ubiopsConfig: the same
// organization and members as one ubiops_organization_members resource,
// with the signed-in user (the default seed's person) listed as an admin.
func wholeListConfig(organization string, members int) string {
	return organizationConfig(organization) + fmt.Sprintf(`
resource "ubiops_organization_members" "all" {
  organization_name = ubiops_organization.bench.name

  member {
    email = %q
    admin = true
  }

  dynamic "member" {
    for_each = range(%d)
    content {
      email = format("member-%%04d@example.com", member.value)
    }
  }
}
`, emulator.DefaultEmail, members)
}

// wholeListResult compares plans of one authoritative member list with
// plans of the same members as single memberships.
type wholeListResult struct {
	members int
	// apply is the authoritative list's apply; applyStats its requests.
	apply      sample
	applyStats emulator.Stats
	// whole and single hold the plans in the order run; index i of one was
	// run next to index i of the other.
	whole, single           []sample
	wholeStats, singleStats emulator.Stats
}

// runWholeList applies the authoritative list of members next to the
// single memberships ws already holds in srv (another organization of the
// same emulator), then plans each in turn, pairs times.
func (b bench) runWholeList(ctx context.Context, ws *workspace, srv *server, members, pairs int) (wholeListResult, error) {
	res := wholeListResult{members: members}
	whole, err := b.emulatorWorkspace(fmt.Sprintf("whole-%d", members), srv, wholeListConfig("bench-whole", members))
	if err != nil {
		return res, err
	}
	res.apply, res.applyStats = measured(srv, func() sample { return whole.terraform(ctx, "apply", applyArgs...) })
	b.logf("  authoritative apply: %s, %d requests", res.apply.wall.Round(time.Millisecond), res.applyStats.Total)
	if res.apply.err != nil {
		return res, ctx.Err() // the report shows the failure; there is nothing to plan
	}
	for i := range pairs {
		name := fmt.Sprintf("plan-pair-%d", i+1)
		w, wStats := measured(srv, func() sample { return whole.terraform(ctx, name, planArgs...) })
		s, sStats := measured(srv, func() sample { return ws.terraform(ctx, name, planArgs...) })
		b.logf("  plan pair %d: authoritative %s, single %s", i+1, w.wall.Round(time.Millisecond), s.wall.Round(time.Millisecond))
		res.whole, res.single = append(res.whole, w), append(res.single, s)
		if i == 0 {
			res.wholeStats, res.singleStats = wStats, sStats
		}
	}
	return res, ctx.Err()
}

// wholeListTable renders the comparison, a row per configuration.
func wholeListTable(r wholeListResult) string {
	var b strings.Builder
	b.WriteString("| Members | Configuration | Command | Runs | Wall | Wall ratio | CPU of the provider | Provider peak memory | Requests |\n")
	b.WriteString("|---:|---|---|---:|---:|---:|---:|---:|---|\n")
	row := func(config, command string, runs []sample, ratio string, stats emulator.Stats) {
		fmt.Fprintf(&b, "| %d | %s | %s | %d | %s | %s | %s | %s | %s |\n", r.members, config, command, len(runs),
			spread(runs, wallOf), ratio, seconds(median(runs, func(x sample) time.Duration { return x.provider.cpu })),
			peakMemory(runs), routesCell(stats))
	}
	authoritative := "1 `ubiops_organization_members`"
	row(authoritative, "plan", r.whole, pairedRatio(r.whole, r.single), r.wholeStats)
	row(fmt.Sprintf("%d `ubiops_organization_user`", r.members), "plan", r.single, "1.00 ×", r.singleStats)
	row(authoritative, "apply", []sample{r.apply}, "–", r.applyStats)
	return b.String()
}
