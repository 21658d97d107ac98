package main

import (
	"os"
	"syscall"
)

// peakRSS returns the process's peak resident set size in bytes: Linux's
// ru_maxrss counts KiB.
func peakRSS(state *os.ProcessState) int64 {
	if usage, ok := state.SysUsage().(*syscall.Rusage); ok {
		return usage.Maxrss * 1024
	}
	return 0
}

// dieWithParent makes the kernel kill the provider if the wrapper is killed
// outright, so that no provider outlives a cancelled benchmark.
func dieWithParent() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} }
