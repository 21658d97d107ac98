// Command provider-bench measures the provider the way users run it: the
// real Terraform CLI against the UbiOps API emulator in this process.
// BENCHMARKS.md tells what its sections measure and how. The binary doubles
// as the provider wrapper that records a provider's usage (runWrapper).
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sections are the report's sections, in the order run.
var sections = []section{
	{name: "floor", title: "Against Terraform's floor (`terraform_data`) and a provider doing no work (`null_resource`)", columns: measuredColumns, run: bench.runFloors},
	{name: "limited", title: "Rate-limited applies", columns: limitColumns, run: bench.runLimited},
	{name: "scale", title: "Authoritative member list at scale", columns: measuredColumns, run: bench.runScale},
}

func main() {
	if os.Getenv(envWrapTarget) != "" {
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
	out                    string
	only                   []string
	sizes, scale           []int
	rounds, plans, profile int
	keep                   bool
}

func parseOptions(args []string) (options, error) {
	o := options{}
	fs := flag.NewFlagSet("provider-bench", flag.ContinueOnError)
	fs.StringVar(&o.out, "out", "", "write the report into this file, between its provider-bench markers if it has them (default: only print it)")
	only := fs.String("only", "floor,limited,scale", "comma-separated sections to run: floor, limited, scale")
	sizes := fs.String("sizes", "100,1000", "comma-separated numbers of members compared with terraform_data and null_resource")
	scale := fs.String("scale", "1000,5000,10000", "comma-separated sizes of the authoritative member list")
	fs.IntVar(&o.rounds, "rounds", 3, "rounds per size: an apply of each configuration, then the plans, in turn")
	fs.IntVar(&o.plans, "plans", 2, "plans of each configuration per round")
	fs.IntVar(&o.profile, "profile", 20, "entries of pprof's top shown for each profiled plan (0: no profile)")
	fs.BoolVar(&o.keep, "keep", false, "keep the working directory (Terraform logs, state, profiles)")
	quick := fs.Bool("quick", false, "smoke run: sizes 5,20, scale 20,50, one round of one plan, no rate-limited applies")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if *quick {
		*sizes, *scale, *only, o.rounds, o.plans = "5,20", "20,50", strings.ReplaceAll(*only, "limited", ""), 1, 1
	}
	var err1, err2 error
	o.sizes, err1 = parseInts(*sizes)
	o.scale, err2 = parseInts(*scale)
	o.only = strings.Split(*only, ",")
	for _, part := range o.only {
		if !slices.ContainsFunc(sections, func(s section) bool { return s.name == part }) && part != "" {
			return o, fmt.Errorf("-only: %q is none of floor, limited, scale", part)
		}
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments: %v", fs.Args())
	case err1 != nil || err2 != nil:
		return o, fmt.Errorf("-sizes and -scale: %w", errors.Join(err1, err2))
	case o.rounds < 1 || o.plans < 1:
		return o, fmt.Errorf("-rounds and -plans must be at least 1")
	}
	return o, nil
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

// logf tells how the run is going, on stderr: stdout is the report.
func logf(format string, a ...any) { fmt.Fprintf(os.Stderr, format+"\n", a...) }

// run builds the providers, runs the chosen sections and writes the report;
// a failed command is reported, not fatal, so that failures are shown.
func run(ctx context.Context, args []string) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	b := bench{o: o, rep: &report{command: strings.TrimSpace("go run ./internal/cmd/provider-bench " + strings.Join(args, " ")),
		machine: machineMarkdown(ctx)}}
	began := time.Now()
	if b.work, err = os.MkdirTemp("", "provider-bench-"); err != nil {
		return err
	}
	if o.keep {
		logf("working directory: %s", b.work)
	} else {
		defer func() { _ = os.RemoveAll(b.work) }()
	}
	logf("building the provider")
	if b.bins, err = buildBinaries(ctx, b.work); err != nil {
		return err
	}
	for _, s := range sections {
		if slices.Contains(o.only, s.name) {
			if err := s.run(b, ctx, &s); err != nil || ctx.Err() != nil {
				return cmp.Or(err, ctx.Err())
			}
			b.rep.sections = append(b.rep.sections, s)
		}
	}
	b.rep.took = time.Since(began)
	text := b.rep.markdown()
	if fmt.Print(text); o.out == "" {
		return nil
	}
	logf("writing %s after %s", o.out, b.rep.took.Round(time.Second))
	return writeReport(o.out, text)
}

// The real provider the wrapper runs and the file it appends its usage to;
// Terraform starts plugins with its own environment, so these reach them.
const (
	envWrapTarget = "PROVIDER_BENCH_WRAP"
	envWrapUsage  = "PROVIDER_BENCH_USAGE"
)

// runWrapper runs the real provider as a child with this process's stdio
// (go-plugin's handshake passes straight through) and appends its usage to
// the usage file: only the process waiting for a provider learns its usage.
func runWrapper() int {
	cmd := exec.Command(os.Getenv(envWrapTarget), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr, cmd.SysProcAttr = os.Stdin, os.Stdout, os.Stderr, dieWithParent()
	// Forward go-plugin's SIGTERM, which reaches only the wrapper.
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "provider-bench wrapper:", err)
		return 1
	}
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	_ = cmd.Wait() // a non-zero exit is the provider's to report, not ours
	state := cmd.ProcessState
	if err := appendUsage(os.Getenv(envWrapUsage), processUsage{state.UserTime() + state.SystemTime(), peakRSS(state)}); err != nil {
		fmt.Fprintln(os.Stderr, "provider-bench wrapper:", err)
	}
	if code := state.ExitCode(); code >= 0 {
		return code
	}
	return 1 // killed by a signal
}

// processUsage is what one provider process used: its CPU time and peak
// resident set size (0 where the platform does not report it).
type processUsage struct {
	cpu       time.Duration
	peakBytes int64
}

// appendUsage appends "CPU-nanoseconds peak-bytes" to the file at path.
func appendUsage(path string, u processUsage) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err == nil {
		_, err = fmt.Fprintf(f, "%d %d\n", u.cpu, u.peakBytes)
		err = errors.Join(err, f.Close())
	}
	return err
}

// providerUsage sums the provider processes recorded in path, with the
// largest peak; no file means none ran (Terraform's built-in provider).
func providerUsage(path string) (total processUsage, err error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return total, nil
	}
	for line := range strings.Lines(string(data)) {
		var cpu, peak int64
		if _, err := fmt.Sscanf(line, "%d %d\n", &cpu, &peak); err != nil {
			return total, fmt.Errorf("%s: malformed line %q", path, strings.TrimSpace(line))
		}
		total.cpu += time.Duration(cpu)
		total.peakBytes = max(total.peakBytes, peak)
	}
	return total, err
}
