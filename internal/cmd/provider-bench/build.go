package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// providerBinary is the name Terraform's dev_overrides look for.
const providerBinary = "terraform-provider-ubiops"

// binaries are the programs one benchmark run uses, built fresh so that the
// numbers belong to the working tree.
type binaries struct {
	// emulator is the ubiops-emulator command.
	emulator string
	// provider is the real provider, in a directory Terraform never sees.
	provider string
	// pluginDir holds the wrapper named like the provider; dev_overrides
	// point here.
	pluginDir string
}

// moduleRoot returns the directory of the module's go.mod, so the benchmark
// runs the same from `make bench` and from any subdirectory.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the provider's Go module")
	}
	return filepath.Dir(gomod), nil
}

// buildBinaries builds the provider (as `make build` does) and the emulator
// into dir, and installs this program as the wrapper.
func buildBinaries(ctx context.Context, root, dir string) (binaries, error) {
	b := binaries{
		emulator:  filepath.Join(dir, "ubiops-emulator"),
		provider:  filepath.Join(dir, "real", providerBinary),
		pluginDir: filepath.Join(dir, "plugins"),
	}
	builds := [][]string{
		{"build", "-trimpath", "-ldflags", "-s -w -X main.version=bench", "-o", b.provider, "."},
		{"build", "-trimpath", "-o", b.emulator, "./internal/cmd/ubiops-emulator"},
	}
	for _, args := range builds {
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return b, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return b, err
	}
	// A copy rather than a symlink: `go run` may remove its build directory
	// and Terraform resolves the plugin path itself.
	if err := copyFile(self, filepath.Join(b.pluginDir, providerBinary)); err != nil {
		return b, fmt.Errorf("installing the wrapper: %w", err)
	}
	return b, nil
}

// copyFile copies an executable, creating dst's directory.
func copyFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	// in is only read; once io.Copy has succeeded its Close has nothing to report.
	defer func() { _ = in.Close() }()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}
