package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Environment variables that switch this binary into wrapper mode. Terraform
// starts plugins with its own environment, so setting them on the terraform
// command reaches the wrapper it launches.
const (
	// envWrapTarget is the real provider binary the wrapper runs.
	envWrapTarget = "PROVIDER_BENCH_WRAP"
	// envWrapUsage is the file the wrapper appends the provider's usage to.
	envWrapUsage = "PROVIDER_BENCH_USAGE"
)

// wrapMode reports whether this process was started by Terraform as the
// provider wrapper rather than by a person as the benchmark.
func wrapMode() bool { return os.Getenv(envWrapTarget) != "" }

// runWrapper runs the real provider as a child with this process's stdio, so
// that go-plugin's handshake line on stdout and the gRPC socket pass straight
// through, and records the child's CPU time and peak memory once it exits.
// It returns the child's exit code.
//
// The wrapper exists because Terraform starts and stops the provider itself:
// only the process that waits for the provider learns its resource usage.
func runWrapper() int {
	cmd := exec.Command(os.Getenv(envWrapTarget), os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = dieWithParent()

	// Forward what Terraform sends (Ctrl-C reaches the whole process group
	// anyway; go-plugin's SIGTERM reaches only the wrapper).
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)

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
	if path := os.Getenv(envWrapUsage); path != "" {
		if err := appendUsage(path, usageOf(state)); err != nil {
			fmt.Fprintln(os.Stderr, "provider-bench wrapper:", err)
		}
	}
	if code := state.ExitCode(); code >= 0 {
		return code
	}
	return 1 // killed by a signal
}

// processUsage is what one provider process used.
type processUsage struct {
	cpu time.Duration
	// peakBytes is the peak resident set size; 0 where the platform does
	// not report it.
	peakBytes int64
}

func usageOf(state *os.ProcessState) processUsage {
	return processUsage{cpu: state.UserTime() + state.SystemTime(), peakBytes: peakRSS(state)}
}

// appendUsage appends one line, "CPU-nanoseconds peak-bytes", so that every
// provider process of a terraform command is kept.
func appendUsage(path string, u processUsage) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "%d %d\n", u.cpu, u.peakBytes); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// providerUsage sums the CPU time of the provider processes recorded in path
// and returns the largest peak with the number of processes. A missing file
// means no provider process ran (Terraform's built-in provider).
func providerUsage(path string) (total processUsage, processes int, err error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return total, 0, nil
	}
	if err != nil {
		return total, 0, err
	}
	// f is only read; a failed Close cannot change what was read.
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cpu, peak, ok := strings.Cut(sc.Text(), " ")
		ns, err1 := strconv.ParseInt(cpu, 10, 64)
		bytes, err2 := strconv.ParseInt(peak, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return total, processes, fmt.Errorf("%s: malformed line %q", path, sc.Text())
		}
		total.cpu += time.Duration(ns)
		total.peakBytes = max(total.peakBytes, bytes)
		processes++
	}
	return total, processes, sc.Err()
}
