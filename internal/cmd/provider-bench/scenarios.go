package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// bench is what every scenario shares.
type bench struct {
	bins binaries
	// work is the directory scenarios create their workspaces in.
	work string
	logf func(format string, a ...any)
}

// ubiopsWorkspace prepares a workspace managing organization with members
// memberships against srv.
func (b bench) ubiopsWorkspace(name string, srv *server, organization string, members int) (*workspace, error) {
	return b.emulatorWorkspace(name, srv, ubiopsConfig(organization, members))
}

// emulatorWorkspace prepares a workspace applying config against srv,
// signed in as the default seed's person.
func (b bench) emulatorWorkspace(name string, srv *server, config string) (*workspace, error) {
	return newWorkspace(filepath.Join(b.work, name), b.bins, config,
		"UBIOPS_API_HOST="+srv.apiURL, "UBIOPS_API_TOKEN=Bearer "+emulator.DefaultAccessToken)
}

// measured runs one terraform command against srv between a reset and a
// read of its request counters.
func measured(srv *server, f func() sample) (sample, emulator.Stats) {
	srv.ResetStats()
	r := f()
	return r, srv.Stats()
}

// floorResult compares one size of the ubiops configuration with the same
// graph of terraform_data, command by command.
type floorResult struct {
	members int
	// ubiops and floor hold the applies and the plans in the order run;
	// index i of one was run next to index i of the other.
	ubiopsApply, floorApply []sample
	ubiopsPlan, floorPlan   []sample
	// applyStats and planStats are the first round's requests.
	applyStats, planStats emulator.Stats
}

// runFloor runs rounds of: a fresh ubiops apply, a fresh terraform_data
// apply, then plans of each in turn, so that whatever else the machine does
// falls on both sides alike. It returns the last round's ubiops workspace and
// emulator (still running) for the scenarios that reuse the state.
func (b bench) runFloor(ctx context.Context, members, rounds, plans int) (floorResult, *workspace, *server, error) {
	res := floorResult{members: members}
	var ws *workspace
	var srv *server
	for round := range rounds {
		if srv != nil {
			srv.stop()
		}
		var err error
		if srv, err = startEmulator(emulatorSettings{}); err != nil {
			return res, nil, nil, err
		}
		name := fmt.Sprintf("%d-%d", members, round+1)
		if ws, err = b.ubiopsWorkspace("ubiops-"+name, srv, "bench-org", members); err != nil {
			return res, nil, srv, err
		}
		floor, err := newWorkspace(filepath.Join(b.work, "floor-"+name), b.bins, floorConfig("bench-org", members))
		if err != nil {
			return res, nil, srv, err
		}
		a, stats := measured(srv, func() sample { return ws.terraform(ctx, "apply", applyArgs...) })
		f := floor.terraform(ctx, "apply", applyArgs...)
		b.logf("  round %d apply: ubiops %s, terraform_data %s", round+1, a.wall.Round(time.Millisecond), f.wall.Round(time.Millisecond))
		res.ubiopsApply, res.floorApply = append(res.ubiopsApply, a), append(res.floorApply, f)
		if round == 0 {
			res.applyStats = stats
		}
		if a.err != nil || f.err != nil {
			break // the report shows the failure; there is nothing to plan
		}
		for i := range plans {
			name := fmt.Sprintf("plan-%d", i+1)
			a, stats := measured(srv, func() sample { return ws.terraform(ctx, name, planArgs...) })
			f := floor.terraform(ctx, name, planArgs...)
			b.logf("  round %d plan %d: ubiops %s, terraform_data %s", round+1, i+1, a.wall.Round(time.Millisecond), f.wall.Round(time.Millisecond))
			res.ubiopsPlan, res.floorPlan = append(res.ubiopsPlan, a), append(res.floorPlan, f)
			if round == 0 && i == 0 {
				res.planStats = stats
			}
		}
	}
	return res, ws, srv, ctx.Err()
}

// latencyResult is plans of an applied configuration with every answer
// delayed.
type latencyResult struct {
	members int
	latency time.Duration
	plans   []sample
	stats   emulator.Stats
}

// runLatency plans ws again after setting srv's latency: the plan's cost of
// a slow network is its number of requests in sequence.
func (b bench) runLatency(ctx context.Context, ws *workspace, srv *server, members int, latency time.Duration, plans int) latencyResult {
	res := latencyResult{members: members, latency: latency}
	srv.SetLatency(latency)
	defer srv.SetLatency(0)
	for i := range plans {
		r, stats := measured(srv, func() sample { return ws.terraform(ctx, fmt.Sprintf("plan-latency-%d", i+1), planArgs...) })
		b.logf("  plan %d at %s: %s, %d requests", i+1, latency, r.wall.Round(time.Millisecond), stats.Total)
		res.plans = append(res.plans, r)
		if i == 0 {
			res.stats = stats
		}
	}
	return res
}

// limitResult is applies run at once against one emulator, first without a
// rate limit and then sharing one.
type limitResult struct {
	applies, members, limit int
	// unlimited and limited are each apply's run, in workspace order.
	unlimited, limited []sample
	// stats are the limited applies' requests, all clients together.
	stats emulator.Stats
}

// runSharedLimit starts applies terraform applies at once, each creating its
// own organization with members memberships, first against an emulator
// without a limit (the best the machine does), then against a fresh one
// allowing limit requests per minute for all of them together.
func (b bench) runSharedLimit(ctx context.Context, applies, members, limit int) (limitResult, error) {
	res := limitResult{applies: applies, members: members, limit: limit}
	var err error
	if res.unlimited, _, err = b.concurrentApplies(ctx, "unlimited", applies, members, 0); err != nil {
		return res, err
	}
	res.limited, res.stats, err = b.concurrentApplies(ctx, "limited", applies, members, limit)
	return res, err
}

func (b bench) concurrentApplies(ctx context.Context, kind string, applies, members, limit int) ([]sample, emulator.Stats, error) {
	srv, err := startEmulator(emulatorSettings{rateLimit: limit})
	if err != nil {
		return nil, emulator.Stats{}, err
	}
	defer srv.stop()
	spaces := make([]*workspace, applies)
	for i := range spaces {
		name := fmt.Sprintf("shared-%dx%d-%s-%d", applies, members, kind, i+1)
		if spaces[i], err = b.ubiopsWorkspace(name, srv, fmt.Sprintf("bench-org-%d", i+1), members); err != nil {
			return nil, emulator.Stats{}, err
		}
	}
	runs := make([]sample, applies)
	srv.ResetStats()
	var wg sync.WaitGroup
	for i, ws := range spaces {
		wg.Go(func() { runs[i] = ws.terraform(ctx, "apply", applyArgs...) })
	}
	wg.Wait()
	stats := srv.Stats()
	b.logf("  %d applies of %d members, %s: last finished after %s, %d requests (%d answered 429)",
		applies, members, rateLabel(limit), lastFinish(runs).Round(time.Millisecond), stats.Total, stats.RateLimited)
	return runs, stats, ctx.Err()
}

// lastFinish is when the last of runs started together ended.
func lastFinish(runs []sample) time.Duration {
	var last time.Duration
	for _, r := range runs {
		last = max(last, r.wall)
	}
	return last
}

// bestPossible is the fastest the limited applies can end: the requests the
// emulator accepted fill ceil(accepted/limit) fixed one-minute windows, so
// all but the first of those are waited for whole, plus the time the same
// applies take without a limit. The emulator's first window is whole (see
// startEmulator). Requests answered 429 take nothing from a window.
func (r limitResult) bestPossible() time.Duration {
	unlimited := lastFinish(r.unlimited)
	accepted := r.stats.Total - r.stats.RateLimited
	if accepted <= 0 || r.limit <= 0 {
		return unlimited
	}
	windows := (accepted + r.limit - 1) / r.limit
	return time.Duration(windows-1)*time.Minute + unlimited
}
