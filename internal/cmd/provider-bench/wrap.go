package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// Environment variables that switch this binary into wrapper mode. Terraform
// starts plugins with its own environment, so setting them on the terraform
// command reaches the wrapper it launches.
const (
	// envWrapTarget is the real provider binary the wrapper runs.
	envWrapTarget = "PROVIDER_BENCH_WRAP"
	// envWrapRSS is the file the wrapper appends the provider's peak RSS to.
	envWrapRSS = "PROVIDER_BENCH_RSS"
)

// wrapMode reports whether this process was started by Terraform as the
// provider wrapper rather than by a person as the benchmark.
func wrapMode() bool { return os.Getenv(envWrapTarget) != "" }

// runWrapper runs the real provider as a child with this process's stdio, so
// that go-plugin's handshake line on stdout and the gRPC socket pass straight
// through, and records the child's peak resident set size once it exits. It
// returns the child's exit code.
//
// The wrapper exists because Terraform starts and stops the provider itself:
// only the process that waits for the provider learns its rusage.
func runWrapper() int {
	target := os.Getenv(envWrapTarget)
	cmd := exec.Command(target, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// If the wrapper is killed outright, the provider must not outlive it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}

	// Forward what Terraform sends (Ctrl-C reaches the whole process group
	// anyway; SIGTERM from go-plugin reaches only the wrapper).
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
	if path := os.Getenv(envWrapRSS); path != "" {
		if err := appendRSS(path, state); err != nil {
			fmt.Fprintln(os.Stderr, "provider-bench wrapper:", err)
		}
	}
	if code := state.ExitCode(); code >= 0 {
		return code
	}
	return 1 // killed by a signal
}

// appendRSS appends the child's peak RSS in KiB (Linux's ru_maxrss unit) as
// one line, so that every provider process of a terraform command is kept.
func appendRSS(path string, state *os.ProcessState) error {
	usage, ok := state.SysUsage().(*syscall.Rusage)
	if !ok {
		return fmt.Errorf("no rusage for the provider process")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, usage.Maxrss); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
