package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// The rate-limited section's shapes (applies at once, members each) and the
// limit they share; the latency of the floor's extra plans.
var (
	limitShapes  = [][2]int{{1, 100}, {4, 50}}
	rateLimit    = 100
	extraLatency = 50 * time.Millisecond
)

// step is a command measured into the rows named command; its logs are
// named log-1, log-2, … in the workspace. A plan after apply must find
// nothing to change: -detailed-exitcode makes a change an error.
type step struct {
	command, log string
	args         []string
}

var (
	applyArgs   = []string{"apply", "-auto-approve", "-input=false", "-no-color"}
	planArgs    = []string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}
	apply       = step{"apply", "apply", applyArgs}
	plan        = step{"plan", "plan", planArgs}
	latencyPlan = step{fmt.Sprintf("plan, %s latency", extraLatency), "plan-latency", planArgs}
	importApply = step{"import (apply)", "import", applyArgs}
	changeApply = step{"apply, one member made admin", "change", applyArgs}
)

// bench is what every section shares; work is the directory sections
// create their workspaces in.
type bench struct {
	o          options
	bins       binaries
	rep        *report
	work       string
	logf       func(format string, a ...any)
	srv        *emulator.Emulator
	url        string
	stopServer func()
}

// withEmulator starts a fresh emulator in this process (its work counts for
// no side) allowing limit requests per minute (0: none), holding the
// organization org of members member-00000 … when members > 0, for the
// returned bench's commands; stop it with stopServer. Its clock starts 0.1 s
// into a clock minute, so that the limit's first fixed window is whole.
func (b bench) withEmulator(limit int, org string, members int) (bench, error) {
	start := time.Now()
	origin := start.Truncate(time.Minute).Add(100 * time.Millisecond)
	emu, err := emulator.New(emulator.Options{RateLimit: limit, Clock: func() time.Time { return origin.Add(time.Since(start)) }})
	if err == nil && members > 0 {
		_, err = emu.CreateOrganization(org, emulator.DefaultEmail)
		for m := 0; m < members && err == nil; m++ {
			_, err = emu.AddMember(org, scaleMember(m), false)
		}
	}
	if err != nil {
		return b, fmt.Errorf("starting the emulator: %w", err)
	}
	ts := httptest.NewServer(emu)
	b.srv, b.url, b.stopServer = emu, ts.URL+emulator.APIPrefix, ts.Close
	return b, nil
}

// measure runs s times times in each workspace in turn, so that whatever
// else the machine does falls on all alike, into the section's rows of size
// n and the workspace's kind; a row's requests are its first run's. It
// reports whether every run succeeded.
func (b bench) measure(ctx context.Context, sec *section, n int, s step, times int, spaces ...*workspace) bool {
	ok := true
	for i := range times {
		for _, ws := range spaces {
			rw := sec.row(n, s.command, ws.kind)
			b.srv.ResetStats()
			run := ws.terraform(ctx, fmt.Sprintf("%s-%d", s.log, i+1), s.args...)
			if len(rw.runs) == 0 {
				rw.stats = b.srv.Stats()
			}
			rw.runs, ok = append(rw.runs, run), ok && run.err == nil
			b.logf("  %d %s, %s: %s, %d requests", n, s.command, ws.kind, run.wall.Round(time.Millisecond), b.srv.Stats().Total)
		}
	}
	return ok
}

// runFloors runs, per size, rounds of a fresh apply of each configuration
// in turn, then plans of each in turn. The largest size's last ubiops state
// is then planned at a latency and profiled.
func (b bench) runFloors(ctx context.Context, sec *section) error {
	kinds := floorKinds
	if b.bins.null == "" {
		kinds, sec.note = floorKinds[:2], "**null_resource is not measured:** "+b.bins.nullMissing+".\n"
	}
	for i, n := range b.o.sizes {
		for _, s := range []step{plan, apply} { // the table's order
			for _, k := range kinds {
				sec.row(n, s.command, k).paired = true
			}
		}
		for round := range b.o.rounds {
			r, err := b.withEmulator(0, "", 0)
			spaces := make([]*workspace, len(kinds))
			for j, k := range kinds {
				if err == nil {
					spaces[j], err = r.workspace(fmt.Sprintf("%s-%d-%d", k, n, round+1), k, config(k+".tf", "bench-org", n))
				}
			}
			if err != nil {
				return err
			}
			r.measure(ctx, sec, n, apply, 1, spaces...)
			r.measure(ctx, sec, n, plan, b.o.plans, spaces...)
			if i == len(b.o.sizes)-1 && round == b.o.rounds-1 {
				r.srv.SetLatency(extraLatency)
				r.measure(ctx, sec, n, latencyPlan, b.o.plans, spaces[0])
				b.rep.profiles = append(b.rep.profiles, b.profilePlan(ctx, spaces[0], fmt.Sprintf("1 + %d memberships", n)))
			}
			r.stopServer()
		}
	}
	for _, rw := range sec.rows { // each floor beside the ubiops runs made next to its own
		if rw.paired && rw.kind != "ubiops" {
			rw.base = sec.row(rw.size, rw.command, "ubiops").runs
		}
	}
	return nil
}

// runScale imports, plans and changes one ubiops_organization_members
// listing every member of an organization of each -scale size, on a fresh
// emulator each; the smallest and largest sizes' plans are profiled.
func (b bench) runScale(ctx context.Context, sec *section) error {
	kind := "ubiops_organization_members"
	for i, n := range b.o.scale {
		for _, s := range []step{importApply, plan, changeApply} { // each size beside the first
			sec.row(n, s.command, kind).base = sec.row(b.o.scale[0], s.command, kind).runs
		}
		org := fmt.Sprintf("bench-scale-%d", n)
		r, err := b.withEmulator(0, org, n)
		var ws *workspace
		if err == nil {
			ws, err = r.workspace(fmt.Sprintf("scale-%d", n), kind, scaleConfig(org, n))
		}
		if err != nil {
			return err
		}
		if r.measure(ctx, sec, n, importApply, 1, ws) {
			r.measure(ctx, sec, n, plan, b.o.rounds*b.o.plans, ws)
			if err := ws.write(scaleConfig(org, n, scaleMember(0))); err != nil {
				return err
			}
			r.measure(ctx, sec, n, changeApply, 1, ws)
			if i == 0 || i == len(b.o.scale)-1 {
				b.rep.profiles = append(b.rep.profiles, b.profilePlan(ctx, ws, fmt.Sprintf("a member list of %d", n)))
			}
		}
		r.stopServer()
	}
	return nil
}

// runLimited starts the applies of each shape at once, each creating its own
// organization and memberships, first against an emulator without a limit
// (the best the machine does: the row's base), then against a fresh one
// allowing rateLimit requests per minute for all of them together.
func (b bench) runLimited(ctx context.Context, sec *section) error {
	for _, shape := range limitShapes {
		rw := &row{size: shape[1], command: "apply", kind: "ubiops", limit: rateLimit}
		for _, limit := range []int{0, rateLimit} {
			r, err := b.withEmulator(limit, "", 0)
			runs := make([]sample, shape[0])
			var wg sync.WaitGroup
			for i := 0; i < shape[0] && err == nil; i++ {
				var ws *workspace
				mainTF := config("ubiops.tf", fmt.Sprintf("bench-org-%d", i+1), shape[1])
				if ws, err = r.workspace(fmt.Sprintf("shared-%dx%d-%d-%d", shape[0], shape[1], limit, i+1), "ubiops", mainTF); err == nil {
					wg.Go(func() { runs[i] = ws.terraform(ctx, "apply", applyArgs...) })
				}
			}
			if wg.Wait(); err != nil {
				return err
			}
			rw.base, rw.runs, rw.stats = rw.runs, runs, r.srv.Stats()
			b.logf("  %d applies of %d members, limit %d/min: last finished after %s", shape[0], shape[1], limit, lastFinish(runs))
			r.stopServer()
		}
		sec.rows = append(sec.rows, rw)
	}
	return nil
}

// lastFinish is when the last of runs started together ended.
func lastFinish(runs []sample) time.Duration { return slices.Max(append(each(runs, wallOf), 0)) }

// bestPossible is the fastest the limited applies can end: the requests the
// emulator accepted fill ceil(accepted/limit) fixed one-minute windows, so
// all but the first are waited for whole, plus the time the same applies
// take without a limit. Requests answered 429 take nothing from a window.
func bestPossible(rw row) time.Duration {
	windows := max(1, (rw.stats.Total-rw.stats.RateLimited+rw.limit-1)/rw.limit)
	return time.Duration(windows-1)*time.Minute + lastFinish(rw.base)
}

// profilePlan runs one more plan in ws with the provider writing CPU
// profiles (UBIOPS_PROVIDER_CPU_PROFILE, see the provider's main.go: each
// process writes FILE.PID), outside the timed runs because profiling costs
// a little CPU, and returns pprof's top entries of its provider processes,
// flat and cumulative, under a heading naming what.
func (b bench) profilePlan(ctx context.Context, ws *workspace, what string) string {
	if b.o.profile <= 0 {
		return ""
	}
	prefix, top := filepath.Join(ws.dir, "cpu.pprof"), "-nodecount="+strconv.Itoa(b.o.profile)
	text := "### Profile of one plan of " + what + "\n\n```\n"
	profiled := workspace{dir: ws.dir, env: append(slices.Clip(ws.env), "UBIOPS_PROVIDER_CPU_PROFILE="+prefix)}
	if r := profiled.terraform(ctx, "plan-profiled", planArgs...); r.err != nil {
		return text + "(failed: " + r.err.Error() + ")\n```"
	}
	files, _ := filepath.Glob(prefix + ".*")
	for _, order := range []string{"-flat", "-cum"} {
		out, err := exec.CommandContext(ctx, "go", append([]string{"tool", "pprof", "-top", order, top, b.bins.provider}, files...)...).CombinedOutput()
		text += "$ go tool pprof -top " + order + " " + top + " terraform-provider-ubiops cpu.pprof.*\n"
		for line := range strings.Lines(string(out)) {
			// The binary's name, build ID and date say nothing about the run.
			if !strings.HasPrefix(line, "File:") && !strings.HasPrefix(line, "Build ID:") && !strings.HasPrefix(line, "Time:") {
				text += line
			}
		}
		if err != nil {
			text += "(go tool pprof failed: " + err.Error() + ")\n"
		}
	}
	return text + "```"
}
