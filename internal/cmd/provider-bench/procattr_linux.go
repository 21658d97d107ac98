package main

import "syscall"

// dieWithParent makes the kernel kill the provider if the wrapper is killed
// outright, so that no provider outlives a cancelled benchmark.
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
