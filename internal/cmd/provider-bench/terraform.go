package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// nullArchive is hashicorp/null built with this project's framework version
// (see ../shared/terraform/README.md); nullSHA256 is its binary's checksum.
const (
	nullArchive = "terraform-provider-null-3.3.1-linux-amd64.xz"
	nullSHA256  = "656d2d39a7a0d9d36f26850ce97113f417b1474dbe3a6f128d5dc555652a4d51"
)

// binaries are the real providers (null if found, else nullMissing says
// why) and the wrappers' directory, which dev_overrides point Terraform at.
type binaries struct{ provider, null, nullMissing, pluginDir string }

// buildBinaries builds the provider as `make build` does, copies this program
// as both wrappers (`go run` removes its build directory) and unpacks null.
func buildBinaries(ctx context.Context, dir string) (binaries, error) {
	b := binaries{provider: filepath.Join(dir, "real", "terraform-provider-ubiops"), pluginDir: filepath.Join(dir, "plugins"),
		nullMissing: "../shared/terraform/" + nullArchive + " is not beside the repository or above it"}
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=bench", "-o", b.provider, "github.com/ubiops/terraform-provider-ubiops")
	if out, err := build.CombinedOutput(); err != nil {
		return b, fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	exe, err := os.Executable()
	self, err2 := os.ReadFile(exe)
	err = errors.Join(err, err2, os.MkdirAll(b.pluginDir, 0o755))
	for _, name := range []string{"terraform-provider-ubiops", "terraform-provider-null"} {
		if err != nil {
			return b, fmt.Errorf("installing the wrapper: %w", err)
		}
		err = os.WriteFile(filepath.Join(b.pluginDir, name), self, 0o755)
	}
	d, err2 := os.Getwd()
	for ; d != filepath.Dir(d) && err == nil && err2 == nil; d = filepath.Dir(d) {
		archive := filepath.Join(d, "shared", "terraform", nullArchive)
		if _, statErr := os.Stat(archive); statErr != nil {
			continue
		}
		data, xzErr := exec.CommandContext(ctx, "xz", "-dc", archive).Output()
		switch sum := sha256.Sum256(data); {
		case xzErr != nil:
			b.nullMissing = fmt.Sprintf("unpacking %s failed: %v", archive, xzErr)
		case hex.EncodeToString(sum[:]) != nullSHA256:
			b.nullMissing = archive + " does not hold the expected build (its SHA-256 differs)"
		default:
			b.null, b.nullMissing = filepath.Join(dir, "real", "terraform-provider-null"), ""
			err = os.WriteFile(b.null, data, 0o755) // beside the provider go build wrote
		}
		break
	}
	return b, errors.Join(err, err2)
}

// workspace is one Terraform working directory with its own state.
type workspace struct {
	dir, kind string
	env       []string
}

// workspace prepares name to apply mainTF with kind's provider to the emulator.
func (b bench) workspace(name, kind, mainTF string) (*workspace, error) {
	provider, dir := b.bins.provider, filepath.Join(b.work, name)
	if kind == "null_resource" {
		provider = b.bins.null
	}
	rc := filepath.Join(dir, "terraformrc")
	w := &workspace{dir: dir, kind: kind, env: append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1" /* no version check over the network */, envWrapTarget+"="+provider,
		"UBIOPS_API_HOST="+b.server.URL+emulator.APIPrefix, "UBIOPS_API_TOKEN=Bearer "+emulator.DefaultAccessToken)}
	return w, errors.Join(os.MkdirAll(dir, 0o755), os.WriteFile(rc, []byte(config("terraformrc", b.bins.pluginDir)), 0o644), w.write(mainTF))
}

// write replaces the workspace's configuration.
func (w *workspace) write(mainTF string) error {
	return os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(mainTF), 0o644)
}

// sample is the measurement of one terraform command.
type sample struct {
	// cpu is that of terraform and of every process it waited for (the
	// kernel adds those to its usage on Linux and macOS); provider is the
	// provider processes' part, recorded by the wrapper.
	wall, cpu time.Duration
	provider  processUsage
	// load is the one-minute load average when the command started.
	load float64
	err  error
}

// terraform runs and measures one command in the workspace, logged in name.log.
func (w *workspace) terraform(ctx context.Context, name string, args ...string) sample {
	usageFile := filepath.Join(w.dir, name+".usage")
	_ = os.Remove(usageFile)
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir, cmd.Env = w.dir, append(slices.Clip(w.env), envWrapUsage+"="+usageFile)
	r, start := sample{load: loadAverage()}, time.Now()
	output, err := cmd.CombinedOutput()
	r.wall = time.Since(start)
	if cmd.ProcessState != nil {
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	lines := strings.Split(strings.TrimRight(string(output), "\n"), "\n")
	last := strings.Join(lines[max(0, len(lines)-20):], "\n") // where Terraform puts its error
	switch {
	case cmd.ProcessState.ExitCode() == 2 && slices.Contains(args, "-detailed-exitcode"):
		r.err = fmt.Errorf("the plan proposes changes\n%s", last)
	case err != nil:
		r.err = fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, last)
	}
	logErr := os.WriteFile(filepath.Join(w.dir, name+".log"), output, 0o644)
	if r.provider, err = providerUsage(usageFile); r.err == nil {
		r.err = errors.Join(err, logErr)
	}
	return r
}

// loadAverage is the one-minute load average, or -1 without /proc/loadavg.
func loadAverage() float64 {
	data, _ := os.ReadFile("/proc/loadavg") // unreadable: empty, so no number
	first, _, _ := strings.Cut(string(data), " ")
	if v, err := strconv.ParseFloat(first, 64); err == nil {
		return v
	}
	return -1
}
