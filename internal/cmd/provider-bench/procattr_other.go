//go:build !linux

package main

import "syscall"

// dieWithParent returns nothing elsewhere: other systems have no
// parent-death signal. Terraform stops the provider through go-plugin's
// shutdown call, which reaches it directly over gRPC, so only a wrapper
// killed outright can leave a provider behind.
func dieWithParent() *syscall.SysProcAttr { return nil }
