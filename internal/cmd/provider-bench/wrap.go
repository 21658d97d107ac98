package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// The real provider the wrapper runs and the file it appends its usage to;
// Terraform starts plugins with its own environment, so these reach them.
const (
	envWrapTarget = "PROVIDER_BENCH_WRAP"
	envWrapUsage  = "PROVIDER_BENCH_USAGE"
)

// runWrapper runs the real provider as a child with this process's stdio
// (go-plugin's handshake and socket pass straight through), appends its
// usage to the usage file and returns its exit code. Terraform starts and
// stops providers itself: only the process waiting for one learns its usage.
func runWrapper() int {
	cmd := exec.Command(os.Getenv(envWrapTarget), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr, cmd.SysProcAttr = os.Stdin, os.Stdout, os.Stderr, dieWithParent()
	// Forward what Terraform sends (Ctrl-C reaches the whole process group
	// anyway; go-plugin's SIGTERM reaches only the wrapper).
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

// appendUsage appends one process's usage to the file at path as
// "CPU-nanoseconds peak-bytes".
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
