package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// benchToken is the emulator's default user's token.
const benchToken = "local-dev-token"

// benchOrganization is the organization every scenario manages.
const benchOrganization = "bench-org"

// terraformConfig returns a configuration of one organization and members
// memberships, each a distinct email, as a user with many members writes it.
func terraformConfig(members int) string {
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

resource "ubiops_organization_user" "member" {
  count = %d

  organization_name = ubiops_organization.bench.name
  email             = format("member-%%04d@example.com", count.index)
}
`, benchOrganization, members)
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

// workspace is one scenario's Terraform working directory.
type workspace struct {
	dir string
	env []string
}

// newWorkspace writes the configuration and CLI configuration into dir and
// prepares the environment that points Terraform at the emulator and the
// wrapper at the real provider.
func newWorkspace(dir string, bins binaries, apiURL string, members int) (*workspace, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, []byte(terraformRC(bins.pluginDir)), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(terraformConfig(members)), 0o644); err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1", // no version check over the network
		"UBIOPS_API_HOST="+apiURL,
		"UBIOPS_API_TOKEN="+benchToken,
		envWrapTarget+"="+bins.provider,
	)
	return &workspace{dir: dir, env: env}, nil
}

// commandRun is the outcome of one terraform command.
type commandRun struct {
	wall time.Duration
	// peakRSSKiB is the largest peak RSS of the provider processes the
	// command started (Terraform starts more than one per command).
	peakRSSKiB int64
	err        error
}

// terraform runs one terraform command in the workspace, timing it and
// collecting the provider's peak RSS.
func (w *workspace) terraform(ctx context.Context, name string, args ...string) commandRun {
	rssFile := filepath.Join(w.dir, name+".rss")
	_ = os.Remove(rssFile)
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = w.dir
	cmd.Env = append(w.env, envWrapRSS+"="+rssFile)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	start := time.Now()
	err := cmd.Run()
	r := commandRun{wall: time.Since(start)}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr) && exitErr.ExitCode() == 2 && slices.Contains(args, "-detailed-exitcode"):
		// A refresh right after apply must find nothing to change.
		r.err = fmt.Errorf("the plan after apply proposes changes\n%s", tail(output.String(), 20))
	case err != nil:
		r.err = fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(output.String(), 20))
	}
	_ = os.WriteFile(filepath.Join(w.dir, name+".log"), output.Bytes(), 0o644)
	r.peakRSSKiB, _ = maxRSS(rssFile)
	return r
}

// maxRSS returns the largest value in a file of one KiB count a line.
func maxRSS(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	// f is only read; a failed Close cannot change what was read.
	defer func() { _ = f.Close() }()
	var peak int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n, err := strconv.ParseInt(strings.TrimSpace(sc.Text()), 10, 64)
		if err != nil {
			continue // a torn line from concurrent appends; the others count
		}
		peak = max(peak, n)
	}
	return peak, sc.Err()
}

// tail returns the last n lines of s, where Terraform puts its error.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
