// Command provider-bench measures the provider the way users run it: the
// real Terraform CLI applying and planning 1 organization and N memberships
// against the UbiOps API emulator (in this process), next to the same graph
// of Terraform's built-in terraform_data (Terraform's own floor), and
// rate-limited applies, one alone and several at once sharing the limit. It
// reports wall and CPU times, requests by route, the provider's CPU and
// peak memory from its process accounting, and pprof's top entries of one
// profiled plan.
//
// Usage (from the module root; `make bench` runs the first):
//
//	go run ./internal/cmd/provider-bench -out BENCHMARKS.md
//	go run ./internal/cmd/provider-bench -quick
//
// The same binary doubles as the provider wrapper that records the
// provider's resource usage: Terraform starts it with PROVIDER_BENCH_WRAP set
// (see wrap.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if wrapMode() {
		os.Exit(runWrapper())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "provider-bench:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	out       string
	sizes     []int
	rounds    int
	plans     int
	latency   time.Duration
	rateLimit int
	// limited are the rate-limited scenarios: applies at once × members.
	limited []limitShape
	profile int
	// wholeList adds the authoritative member list of the largest size.
	wholeList bool
	keep      bool
}

// limitShape is one rate-limited scenario's size.
type limitShape struct{ applies, members int }

func parseOptions(args []string) (options, error) {
	o := options{}
	fs := flag.NewFlagSet("provider-bench", flag.ContinueOnError)
	fs.StringVar(&o.out, "out", "", "write the report into this file, between its provider-bench markers if it has them (default: only print it)")
	sizes := fs.String("sizes", "100,1000", "comma-separated numbers of members compared with terraform_data")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds per size: an apply of each configuration, then the plans, in turn")
	fs.IntVar(&o.plans, "plans", 2, "plans of each configuration per round")
	fs.DurationVar(&o.latency, "latency", 50*time.Millisecond, "latency of the extra plans of the largest size (0: none)")
	fs.IntVar(&o.rateLimit, "rate-limit", 100, "requests per minute, shared by all applies, of the rate-limited scenarios")
	limited := fs.String("limited", "1x100,4x50", `rate-limited scenarios, comma-separated "applies at once"x"members each" ("": none)`)
	fs.IntVar(&o.profile, "profile", 20, "entries of pprof's top shown for one profiled plan of the largest size (0: no profile)")
	fs.BoolVar(&o.wholeList, "whole-list", true, "plan one ubiops_organization_members of the largest size next to its single memberships")
	fs.BoolVar(&o.keep, "keep", false, "keep the working directory (Terraform logs, state, profiles)")
	quick := fs.Bool("quick", false, "smoke run: sizes 5,20, one round of one plan, no rate-limited applies")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if *quick {
		*sizes, *limited, o.rounds, o.plans = "5,20", "", 1, 1
	}
	var err error
	if o.sizes, err = parseInts(*sizes); err != nil {
		return o, fmt.Errorf("-sizes: %w", err)
	}
	if o.limited, err = parseShapes(*limited); err != nil {
		return o, fmt.Errorf("-limited: %w", err)
	}
	if o.rounds < 1 || o.plans < 1 {
		return o, fmt.Errorf("-rounds and -plans must be at least 1")
	}
	if len(o.limited) > 0 && o.rateLimit < 1 {
		return o, fmt.Errorf("-rate-limit must be at least 1 for the -limited scenarios")
	}
	return o, nil
}

// run builds the provider, runs every scenario and writes the report. A failed command is reported, not fatal: the report
// must show failures rather than hide them by stopping.
func run(ctx context.Context, args []string) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	began := time.Now()
	logf := func(format string, a ...any) { fmt.Fprintf(os.Stderr, format+"\n", a...) }
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "provider-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		logf("working directory: %s", work)
	} else {
		defer func() { _ = os.RemoveAll(work) }()
	}
	logf("building the provider")
	bins, err := buildBinaries(ctx, root, work)
	if err != nil {
		return err
	}
	b := bench{bins: bins, work: work, logf: logf}
	rep := report{command: strings.TrimSpace("go run ./internal/cmd/provider-bench " + strings.Join(args, " "))}
	rep.machine = machineMarkdown(ctx)
	for i, n := range o.sizes {
		logf("1 + %d resources: ubiops and terraform_data in turn", n)
		res, ws, srv, err := b.runFloor(ctx, n, o.rounds, o.plans)
		rep.floor = append(rep.floor, res)
		if err == nil && i == len(o.sizes)-1 && ws != nil {
			err = b.largestExtras(ctx, o, ws, srv, &rep)
		}
		if srv != nil {
			srv.stop()
		}
		if err != nil {
			return err
		}
	}
	for _, s := range o.limited {
		logf("%d applies at once, %d members each, sharing %d requests per minute", s.applies, s.members, o.rateLimit)
		res, err := b.runSharedLimit(ctx, s.applies, s.members, o.rateLimit)
		if err != nil {
			return err
		}
		rep.limited = append(rep.limited, res)
	}
	rep.took = time.Since(began)
	text := rep.markdown()
	fmt.Print(text)
	if o.out == "" {
		return nil
	}
	if err := writeReport(o.out, text); err != nil {
		return err
	}
	logf("wrote %s after %s", o.out, rep.took.Round(time.Second))
	return nil
}

// largestExtras runs what only the largest size needs, on its applied
// state: the plans at a latency, the authoritative member list's plans next
// to the single memberships' and the profiled plan.
func (b bench) largestExtras(ctx context.Context, o options, ws *workspace, srv *server, rep *report) error {
	largest := o.sizes[len(o.sizes)-1]
	if o.latency > 0 {
		lat := b.runLatency(ctx, ws, srv, largest, o.latency, o.plans)
		rep.latency = &lat
	}
	if o.wholeList {
		b.logf("1 + 1 authoritative member list of %d members, its plans next to %d single memberships'", largest, largest)
		whole, err := b.runWholeList(ctx, ws, srv, largest, o.rounds*o.plans)
		rep.wholeList = &whole
		if err != nil {
			return err
		}
	}
	if o.profile > 0 {
		b.logf("  profiling one plan")
		var err error
		if rep.profile, err = b.profilePlan(ctx, ws, o.profile); err != nil {
			rep.profile = "(failed: " + err.Error() + ")"
		}
	}
	return ctx.Err()
}

func parseInts(s string) ([]int, error) {
	var out []int
	for part := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive number", part)
		}
		out = append(out, n)
	}
	return out, nil
}

func parseShapes(s string) ([]limitShape, error) {
	var out []limitShape
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		a, m, ok := strings.Cut(strings.TrimSpace(part), "x")
		if !ok {
			return nil, fmt.Errorf("%q is not APPLIESxMEMBERS", part)
		}
		n, err := parseInts(a + "," + m)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", part, err)
		}
		out = append(out, limitShape{applies: n[0], members: n[1]})
	}
	return out, nil
}
