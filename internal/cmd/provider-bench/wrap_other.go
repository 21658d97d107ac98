//go:build !linux

package main

import (
	"os"
	"syscall"
)

// peakRSS is unknown elsewhere (ru_maxrss has other units, or there is no
// rusage): the report then shows no peak rather than a wrong one.
func peakRSS(*os.ProcessState) int64 { return 0 }

// dieWithParent returns nothing elsewhere: no parent-death signal.
func dieWithParent() *syscall.SysProcAttr { return nil }
