package main

import (
	"context"
	"embed"
	"fmt"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// The rate-limited applies' shapes (at once, members each) and limit; the
// floor's extra plans' latency and configurations, in the order run.
var (
	limitShapes  = [][2]int{{1, 100}, {4, 50}}
	rateLimit    = 100
	extraLatency = 50 * time.Millisecond
	floorKinds   = []string{"ubiops", "terraform_data", "null_resource"}
)

// step is a command measured into the rows named command; its logs are
// log-1, log-2, … A plan after apply must find nothing to change:
// -detailed-exitcode makes a change an error.
type step struct {
	command, log string
	args         []string
}

var (
	apply       = step{"apply", "apply", []string{"apply", "-auto-approve", "-input=false", "-no-color"}}
	plan        = step{"plan", "plan", []string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}}
	latencyPlan = step{fmt.Sprintf("plan, %s latency", extraLatency), "plan-latency", plan.args}
	importApply = step{"import (apply)", "import", apply.args}
	changeApply = step{"apply, one member made admin", "change", apply.args}
)

// configs are fmt templates: the floor's (KIND.tf: 1 organization named
// %[1]q and %[2]d members), the member list (scale.tf) and terraformrc.
//
//go:embed configs
var configs embed.FS

// config fills in the template configs/name.
func config(name string, args ...any) string {
	text, _ := configs.ReadFile("configs/" + name) // embedded: cannot be missing
	return fmt.Sprintf(string(text), args...)
}

// scaleConfig imports the member list of organization (the signed-in
// admin and n members) and lists it literally, as terraform query's
// generated configuration does, with admins as admins.
func scaleConfig(organization string, n int, admins ...string) string {
	lines := fmt.Sprintf("    %q = \"admin\"\n", emulator.DefaultEmail)
	for i := range n {
		role := map[bool]string{true: "admin", false: "member"}[slices.Contains(admins, scaleMember(i))]
		lines += fmt.Sprintf("    %q = %q\n", scaleMember(i), role)
	}
	return config("scale.tf", organization, lines)
}

// scaleMember is the email of the scale section's member i.
func scaleMember(i int) string { return fmt.Sprintf("member-%05d@example.com", i) }

// bench is what every section shares; srv is withEmulator's emulator.
type bench struct {
	o      options
	bins   binaries
	rep    *report
	work   string
	srv    *emulator.Emulator
	server *httptest.Server
}

// withEmulator starts a fresh emulator in this process (its work counts for
// no side) allowing limit requests per minute (0: none), holding org of
// members (if any). Its clock starts 0.1 s into a clock minute, so that the
// limit's first fixed window is whole.
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
	b.srv, b.server = emu, httptest.NewServer(emu)
	return b, nil
}

// measure runs s times in each workspace in turn (so that the machine's
// load falls on all alike) into rows of size n; it reports if all succeeded.
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
			logf("  %d %s, %s: %s, %d requests", n, s.command, ws.kind, run.wall.Round(time.Millisecond), b.srv.Stats().Total)
		}
	}
	return ok
}

// runFloors runs, per size, rounds of a fresh apply of each configuration,
// then plans of each, paired with ubiops; the largest size's last ubiops
// state is then planned at a latency and profiled.
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
				b.profilePlan(ctx, spaces[0], fmt.Sprintf("1 + %d memberships", n))
			}
			r.server.Close()
		}
	}
	for _, rw := range sec.rows {
		if rw.paired && rw.kind != "ubiops" {
			rw.base = sec.row(rw.size, rw.command, "ubiops").runs
		}
	}
	return nil
}

// runScale imports, plans and changes a member list of each -scale size,
// beside the first size; the first and last are profiled.
func (b bench) runScale(ctx context.Context, sec *section) error {
	kind := "ubiops_organization_members"
	for i, n := range b.o.scale {
		for _, s := range []step{importApply, plan, changeApply} {
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
			if r.measure(ctx, sec, n, changeApply, 1, ws); i == 0 || i == len(b.o.scale)-1 {
				b.profilePlan(ctx, ws, fmt.Sprintf("a member list of %d", n))
			}
		}
		r.server.Close()
	}
	return nil
}

// runLimited starts the applies of each shape at once, each creating its own
// organization, without a limit (the row's base), then sharing one.
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
					wg.Go(func() { runs[i] = ws.terraform(ctx, "apply", apply.args...) })
				}
			}
			if wg.Wait(); err != nil {
				return err
			}
			rw.base, rw.runs, rw.stats = rw.runs, runs, r.srv.Stats()
			logf("  %d applies of %d members, limit %d/min: last finished after %s", shape[0], shape[1], limit, lastFinish(runs))
			r.server.Close()
		}
		sec.rows = append(sec.rows, rw)
	}
	return nil
}

// lastFinish is when the last of runs started together ended.
func lastFinish(runs []sample) time.Duration { return slices.Max(append(each(runs, wallOf), 0)) }

// bestPossible is the fastest the limited applies can end: all but the
// first of the one-minute windows the accepted requests fill, waited for
// whole, plus the applies' time without a limit (see BENCHMARKS.md).
func bestPossible(rw row) time.Duration {
	windows := max(1, (rw.stats.Total-rw.stats.RateLimited+rw.limit-1)/rw.limit)
	return time.Duration(windows-1)*time.Minute + lastFinish(rw.base)
}

// runDetails are pprof's header lines that say nothing about the run.
var runDetails = regexp.MustCompile(`(?m)^(File|Build ID|Time): .*\n`)

// profilePlan adds pprof's top entries of one more plan in ws, outside the
// timed runs (profiling costs CPU), to the report.
func (b bench) profilePlan(ctx context.Context, ws *workspace, what string) {
	if b.o.profile <= 0 {
		return
	}
	prefix, top := filepath.Join(ws.dir, "cpu.pprof"), "-nodecount="+strconv.Itoa(b.o.profile)
	text := "### Profile of one plan of " + what + "\n\n```\n"
	profiled := workspace{dir: ws.dir, env: append(slices.Clip(ws.env), "UBIOPS_PROVIDER_CPU_PROFILE="+prefix)}
	if r := profiled.terraform(ctx, "plan-profiled", plan.args...); r.err != nil {
		b.rep.profiles = append(b.rep.profiles, text+"(failed: "+r.err.Error()+")\n```")
		return
	}
	files, _ := filepath.Glob(prefix + ".*")
	for _, order := range []string{"-flat", "-cum"} {
		out, err := exec.CommandContext(ctx, "go", append([]string{"tool", "pprof", "-top", order, top, b.bins.provider}, files...)...).CombinedOutput()
		text += "$ go tool pprof -top " + order + " " + top + " terraform-provider-ubiops cpu.pprof.*\n" + runDetails.ReplaceAllString(string(out), "")
		if err != nil {
			text += "(go tool pprof failed: " + err.Error() + ")\n"
		}
	}
	b.rep.profiles = append(b.rep.profiles, text+"```")
}
