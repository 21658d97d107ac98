package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// ubiopsConfig is one organization and members memberships, each a distinct
// email, as a user with many members writes it.
func ubiopsConfig(organization string, members int) string {
	return organizationConfig(organization) + fmt.Sprintf(`
resource "ubiops_organization_user" "member" {
  count = %d

  organization_name = ubiops_organization.bench.name
  email             = format("member-%%04d@example.com", count.index)
}
`, members)
}

// organizationConfig is the provider's requirement and the organization
// ubiops_organization.bench that every ubiops configuration starts with.
func organizationConfig(organization string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    ubiops = {
      source = "ubiops/ubiops"
    }
  }
}

provider "ubiops" {}

resource "ubiops_organization" "bench" {
  name = %q
}
`, organization)
}

// floorConfig is the same graph with Terraform's built-in terraform_data:
// what Terraform itself costs for 1 + members resources, with no provider
// process at all.
func floorConfig(organization string, members int) string {
	return fmt.Sprintf(`resource "terraform_data" "bench" {
  input = %q
}

resource "terraform_data" "member" {
  count = %d

  input = {
    organization_name = terraform_data.bench.output
    email             = format("member-%%04d@example.com", count.index)
  }
}
`, organization, members)
}

// terraformRC returns a CLI configuration whose dev_overrides make Terraform
// run the wrapper in pluginDir as the ubiops provider, without a registry.
func terraformRC(pluginDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/ubiops/ubiops" = %q
  }
}
`, pluginDir)
}

// workspace is one Terraform working directory with its own state.
type workspace struct {
	dir string
	env []string
}

// newWorkspace writes config and the CLI configuration into dir. env adds
// to the environment every terraform command there gets.
func newWorkspace(dir string, bins binaries, config string, env ...string) (*workspace, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, []byte(terraformRC(bins.pluginDir)), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		return nil, err
	}
	base := []string{
		"TF_CLI_CONFIG_FILE=" + rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1", // no version check over the network
		envWrapTarget + "=" + bins.provider,
	}
	return &workspace{dir: dir, env: slices.Concat(os.Environ(), base, env)}, nil
}

// sample is the measurement of one terraform command.
type sample struct {
	wall time.Duration
	// cpu is the CPU time of terraform and of every process it started and
	// waited for (the kernel adds those to a waited-for process's usage on
	// Linux and macOS): all the work of the command.
	cpu time.Duration
	// provider is the provider processes' CPU time, summed, and their
	// largest peak memory; providers is how many there were.
	provider  processUsage
	providers int
	// load is the one-minute load average when the command started: how
	// many other processes competed for the two cores.
	load float64
	err  error
}

// terraformCPU is what Terraform itself (and the wrapper, which only waits)
// spent: everything but the provider.
func (r sample) terraformCPU() time.Duration { return r.cpu - r.provider.cpu }

// applyArgs and planArgs are the two commands measured. A plan after apply
// must find nothing to change: -detailed-exitcode makes a change an error.
var (
	applyArgs = []string{"apply", "-auto-approve", "-input=false", "-no-color"}
	planArgs  = []string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}
)

// terraform runs one terraform command in the workspace and measures it.
// name names its log and usage files.
func (w *workspace) terraform(ctx context.Context, name string, args ...string) sample {
	usageFile := filepath.Join(w.dir, name+".usage")
	_ = os.Remove(usageFile)
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = w.dir
	cmd.Env = append(slices.Clip(w.env), envWrapUsage+"="+usageFile)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	r := sample{load: loadAverage()}
	start := time.Now()
	err := cmd.Run()
	r.wall = time.Since(start)
	if cmd.ProcessState != nil {
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr) && exitErr.ExitCode() == 2 && slices.Contains(args, "-detailed-exitcode"):
		r.err = fmt.Errorf("the plan proposes changes\n%s", tail(output.String(), 20))
	case err != nil:
		r.err = fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(output.String(), 20))
	}
	_ = os.WriteFile(filepath.Join(w.dir, name+".log"), output.Bytes(), 0o644)
	var usageErr error
	r.provider, r.providers, usageErr = providerUsage(usageFile)
	if r.err == nil {
		r.err = usageErr
	}
	return r
}

// tail returns the last n lines of s, where Terraform puts its error.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
