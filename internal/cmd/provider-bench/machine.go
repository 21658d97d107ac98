package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// machine describes where the numbers were measured; they mean little
// without it.
type machine struct {
	uname     string
	cpu       string
	cores     int
	memory    string
	goVersion string
	terraform string
	date      time.Time
}

// describeMachine collects the machine's description; what cannot be read
// is reported as unknown rather than failing the benchmark.
func describeMachine(ctx context.Context) machine {
	return machine{
		uname:     commandLine(ctx, "uname", "-a"),
		cpu:       cpuModel(),
		cores:     runtime.NumCPU(),
		memory:    totalMemory(),
		goVersion: commandLine(ctx, "go", "version"),
		terraform: commandLine(ctx, "terraform", "version"),
		date:      time.Now().UTC(),
	}
}

// markdown renders the description as a list.
func (m machine) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "- Date: %s\n", m.date.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- Kernel: `%s`\n", m.uname)
	fmt.Fprintf(&b, "- CPU: %s, %d logical cores\n", m.cpu, m.cores)
	fmt.Fprintf(&b, "- Memory: %s\n", m.memory)
	fmt.Fprintf(&b, "- Go: `%s`\n", m.goVersion)
	fmt.Fprintf(&b, "- Terraform: `%s`\n", m.terraform)
	return b.String()
}

// commandLine returns the first line a command prints, or "unknown".
func commandLine(ctx context.Context, name string, args ...string) string {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "unknown"
	}
	return firstLine(strings.TrimSpace(string(out)))
}

// cpuModel reads the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	v := procField("/proc/cpuinfo", "model name")
	if v == "" {
		return "unknown (" + runtime.GOARCH + ")"
	}
	return v
}

// totalMemory reads MemTotal from /proc/meminfo.
func totalMemory() string {
	v := procField("/proc/meminfo", "MemTotal")
	kib, err := strconv.ParseInt(strings.TrimSuffix(v, " kB"), 10, 64)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%.1f GiB", float64(kib)/(1<<20))
}

// procField returns the value of the first "key: value" line with key.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	// f is only read; a failed Close cannot change what was read.
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
