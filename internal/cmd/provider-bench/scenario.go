package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"time"
)

// scenario is one emulator setting and one configuration size.
type scenario struct {
	name      string
	members   int
	latency   time.Duration
	rateLimit int // requests per minute; 0 is no limit
	// alignToMinute starts the apply just after a clock minute, so that the
	// emulator's first fixed window is a whole minute (see bestPossible).
	alignToMinute bool
}

// phase is the measurement of one terraform command kind in a scenario.
type phase struct {
	wall time.Duration
	// fastest and slowest are the range of the runs a median came from.
	fastest, slowest time.Duration
	stats            emulatorStats
	peakRSSKiB       int64
	err              error
}

// result is what one scenario measured.
type result struct {
	scenario
	apply phase
	// plan is the median of the plan runs; its stats are the first run's.
	plan phase
	// planRuns is how many plans were timed.
	planRuns int
	// applyStart is when the apply began, for the rate-limit window account.
	applyStart time.Time
	// setupErr is a failure before Terraform ran.
	setupErr error
}

// scenarios returns the matrix: every size at each latency without a rate
// limit, then the rate-limited apply.
func scenarios(sizes []int, latencies []time.Duration, rateLimited int, rateLimit int) []scenario {
	var out []scenario
	for _, lat := range latencies {
		for _, n := range sizes {
			out = append(out, scenario{
				name:    fmt.Sprintf("unlimited-%d-%dms", n, lat.Milliseconds()),
				members: n, latency: lat,
			})
		}
	}
	if rateLimited > 0 && rateLimit > 0 {
		out = append(out, scenario{
			name:    fmt.Sprintf("rate-limited-%d-%d", rateLimited, rateLimit),
			members: rateLimited, rateLimit: rateLimit, alignToMinute: true,
		})
	}
	return out
}

// runScenario starts a fresh emulator, applies the configuration (creating
// every membership), then plans it planRuns times (nothing to change: the
// plan is the refresh a team runs on every pull request).
func runScenario(ctx context.Context, bins binaries, workDir string, sc scenario, planRuns int, logf func(string, ...any)) result {
	res := result{scenario: sc, planRuns: planRuns}
	emu, err := startEmulator(ctx, bins.emulator, emulatorFlags{latency: sc.latency, rateLimit: sc.rateLimit})
	if err != nil {
		res.setupErr = err
		return res
	}
	defer emu.stop()
	ws, err := newWorkspace(filepath.Join(workDir, sc.name), bins, emu.apiURL, sc.members)
	if err != nil {
		res.setupErr = err
		return res
	}
	if sc.alignToMinute {
		wait := untilNextMinute(time.Now())
		logf("  waiting %s for the next clock minute, so the rate-limit window is whole", wait.Round(time.Millisecond))
		if err := sleep(ctx, wait); err != nil {
			res.setupErr = err
			return res
		}
	}
	res.applyStart = time.Now()
	res.apply = measure(ctx, emu, func() commandRun {
		return ws.terraform(ctx, "apply", "apply", "-auto-approve", "-input=false", "-no-color")
	})
	logf("  apply: %s, %d requests", res.apply.wall.Round(time.Millisecond), res.apply.stats.Total)
	if res.apply.err != nil {
		return res
	}
	plans := make([]phase, 0, planRuns)
	for i := range planRuns {
		p := measure(ctx, emu, func() commandRun {
			return ws.terraform(ctx, fmt.Sprintf("plan-%d", i), "plan", "-input=false", "-no-color", "-detailed-exitcode")
		})
		logf("  plan %d: %s, %d requests", i+1, p.wall.Round(time.Millisecond), p.stats.Total)
		plans = append(plans, p)
		if p.err != nil {
			break
		}
	}
	res.plan = medianPlan(plans)
	return res
}

// measure runs one terraform command between a stats reset and a stats read.
func measure(ctx context.Context, emu *emulator, f func() commandRun) phase {
	if err := emu.resetStats(ctx); err != nil {
		return phase{err: err}
	}
	r := f()
	p := phase{wall: r.wall, peakRSSKiB: r.peakRSSKiB, err: r.err}
	st, err := emu.stats(ctx)
	if err != nil && p.err == nil {
		p.err = err
	}
	p.stats = st
	return p
}

// medianPlan returns the median wall time of the plans, with the first
// plan's requests, the largest peak RSS and the first error. The median
// keeps one slow start of Terraform from deciding a latency ratio.
func medianPlan(plans []phase) phase {
	if len(plans) == 0 {
		return phase{}
	}
	out := plans[0]
	walls := make([]time.Duration, 0, len(plans))
	for _, p := range plans {
		walls = append(walls, p.wall)
		out.peakRSSKiB = max(out.peakRSSKiB, p.peakRSSKiB)
		if out.err == nil {
			out.err = p.err
		}
	}
	slices.Sort(walls)
	out.wall = walls[len(walls)/2]
	out.fastest, out.slowest = walls[0], walls[len(walls)-1]
	return out
}

// untilNextMinute returns the time from now to just after the next clock
// minute. The margin keeps the emulator (which reads the same clock) from
// still counting the apply's first request in the old minute.
func untilNextMinute(now time.Time) time.Duration {
	const margin = 100 * time.Millisecond
	return now.Truncate(time.Minute).Add(time.Minute + margin).Sub(now)
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
