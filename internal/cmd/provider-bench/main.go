// Command provider-bench measures the provider the way users run it: the
// real Terraform CLI applying and planning 1 organization and N memberships
// against the UbiOps API emulator, at several sizes, latencies and rate
// limits. It reports wall times, requests by route and the provider's peak
// memory, checks the targets of the performance issue, runs the client's Go
// benchmarks, and writes everything to BENCHMARKS.md.
//
// Usage (from the module root; `make bench` runs the first):
//
//	go run ./internal/cmd/provider-bench -out BENCHMARKS.md
//	go run ./internal/cmd/provider-bench -quick
//
// The same binary doubles as the provider wrapper that records peak memory:
// Terraform starts it with PROVIDER_BENCH_WRAP set (see wrap.go).
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
	out        string
	sizes      []int
	latencies  []time.Duration
	rateLimit  int
	rateLimitN int
	planRuns   int
	goBench    bool
	benchtime  string
	keep       bool
}

func parseOptions(args []string) (options, error) {
	o := options{}
	fs := flag.NewFlagSet("provider-bench", flag.ContinueOnError)
	fs.StringVar(&o.out, "out", "", "write the Markdown report to this file (default: only print it)")
	sizes := fs.String("sizes", "10,100,1000", "comma-separated numbers of members")
	latencies := fs.String("latencies", "0ms,50ms", "comma-separated emulator latencies per request")
	fs.IntVar(&o.rateLimit, "rate-limit", targetApplyRateLimit, "requests per minute of the rate-limited scenario (0: skip it)")
	fs.IntVar(&o.rateLimitN, "rate-limit-members", targetApplyMembers, "members the rate-limited scenario creates (0: skip it)")
	fs.IntVar(&o.planRuns, "plan-runs", 5, "plans timed per scenario; the median is reported")
	fs.BoolVar(&o.goBench, "go-bench", true, "also run the client's Go benchmarks")
	fs.StringVar(&o.benchtime, "benchtime", "", "go test -benchtime for the client's benchmarks")
	fs.BoolVar(&o.keep, "keep", false, "keep the working directory (Terraform logs, state) for inspection")
	quick := fs.Bool("quick", false, "smoke run: sizes 5,20, one plan, no rate-limited scenario, short Go benchmarks")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if *quick {
		*sizes, o.planRuns, o.rateLimit, o.benchtime = "5,20", 1, 0, "100ms"
	}
	var err error
	if o.sizes, err = parseInts(*sizes); err != nil {
		return o, fmt.Errorf("-sizes: %w", err)
	}
	if o.latencies, err = parseDurations(*latencies); err != nil {
		return o, fmt.Errorf("-latencies: %w", err)
	}
	if o.planRuns < 1 {
		return o, fmt.Errorf("-plan-runs must be at least 1")
	}
	return o, nil
}

// run builds the binaries, runs every scenario and the Go benchmarks, and
// writes the report. A scenario that fails is reported, not fatal: the
// report must show failures, not hide them by stopping.
func run(ctx context.Context, args []string) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
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
		defer func() {
			if err := os.RemoveAll(work); err != nil {
				logf("removing the working directory: %v", err)
			}
		}()
	}
	logf("building the provider and the emulator")
	bins, err := buildBinaries(ctx, root, work)
	if err != nil {
		return err
	}
	var results []result
	for _, sc := range scenarios(o.sizes, o.latencies, o.rateLimitN, o.rateLimit) {
		logf("scenario %s", sc.name)
		results = append(results, runScenario(ctx, bins, work, sc, o.planRuns, logf))
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	goBench := "(not run: -go-bench=false)"
	if o.goBench {
		logf("running the client's Go benchmarks")
		if goBench, err = goBenchmarks(ctx, root, o.benchtime); err != nil {
			goBench += "\n(failed: " + err.Error() + ")"
		}
	}
	vs := verdicts(results)
	rep := report{
		command:  strings.TrimSpace("go run ./internal/cmd/provider-bench " + strings.Join(args, " ")),
		machine:  describeMachine(ctx),
		results:  results,
		verdicts: vs,
		goBench:  goBench,
		analysis: analysis(vs),
	}
	text := rep.markdown()
	fmt.Print(text)
	if o.out != "" {
		if err := os.WriteFile(o.out, []byte(text), 0o644); err != nil {
			return err
		}
		logf("wrote %s", o.out)
	}
	return nil
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

func parseDurations(s string) ([]time.Duration, error) {
	var out []time.Duration
	for part := range strings.SplitSeq(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(part))
		if err != nil || d < 0 {
			return nil, fmt.Errorf("%q is not a duration", part)
		}
		out = append(out, d)
	}
	return out, nil
}
