package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// machineMarkdown describes where the numbers were measured; they mean
// little without it. What cannot be read is reported as unknown.
func machineMarkdown(ctx context.Context) string {
	return fmt.Sprintf("- Date: %s\n- System: %s/%s, %d logical cores, load average %s at the start\n- Go: `%s`\n- Terraform: `%s`\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(),
		strconv.FormatFloat(loadAverage(), 'f', 1, 64), firstLineOf(ctx, "go", "version"), firstLineOf(ctx, "terraform", "version"))
}

// firstLineOf returns the first line a command prints, or "unknown".
func firstLineOf(ctx context.Context, name string, args ...string) string {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// loadAverage returns the one-minute load average, or -1 where the system
// does not publish it as Linux does in /proc/loadavg.
func loadAverage() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	first, _, _ := strings.Cut(string(data), " ")
	v, err := strconv.ParseFloat(first, 64)
	if err != nil {
		return -1
	}
	return v
}
