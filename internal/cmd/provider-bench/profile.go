package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// envCPUProfile is the provider's switch for a CPU profile (see the
// provider's main.go): each provider process writes FILE.PID.
const envCPUProfile = "UBIOPS_PROVIDER_CPU_PROFILE"

// profilePlan runs one more plan in ws with the provider writing CPU
// profiles, outside the timed runs because profiling costs a little CPU,
// and returns pprof's top entries of all of the command's provider
// processes together, flat and cumulative.
func (b bench) profilePlan(ctx context.Context, ws *workspace, entries int) (string, error) {
	dir := filepath.Join(b.work, "profile")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	prefix := filepath.Join(dir, "cpu.pprof")
	profiled := *ws
	profiled.env = append(ws.env[:len(ws.env):len(ws.env)], envCPUProfile+"="+prefix)
	if r := profiled.terraform(ctx, "plan-profiled", planArgs...); r.err != nil {
		return "", r.err
	}
	files, err := filepath.Glob(prefix + ".*")
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("the provider wrote no profile to %s.PID (%v)", prefix, err)
	}
	var out strings.Builder
	for _, order := range []string{"-flat", "-cum"} {
		args := append([]string{"tool", "pprof", "-top", order, "-nodecount=" + strconv.Itoa(entries), b.bins.provider}, files...)
		text, err := exec.CommandContext(ctx, "go", args...).CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("go tool pprof: %w\n%s", err, text)
		}
		out.WriteString("$ go tool pprof -top " + order + " -nodecount=" + strconv.Itoa(entries) + " terraform-provider-ubiops cpu.pprof.*\n")
		for line := range strings.Lines(string(text)) {
			// The binary's name, build ID and date say nothing about the run.
			if !strings.HasPrefix(line, "File:") && !strings.HasPrefix(line, "Build ID:") && !strings.HasPrefix(line, "Time:") {
				out.WriteString(line)
			}
		}
		out.WriteString("\n")
	}
	return strings.TrimRight(out.String(), "\n"), nil
}
