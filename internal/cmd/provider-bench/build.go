package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// binaries are the programs one benchmark run uses.
type binaries struct {
	// provider is the real provider, built from the working tree into a
	// directory Terraform never sees.
	provider string
	// pluginDir holds this program, named like the provider, as the wrapper
	// that dev_overrides point Terraform at.
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

// buildBinaries builds the provider as `make build` does into dir and
// installs this program beside it as the wrapper.
func buildBinaries(ctx context.Context, root, dir string) (binaries, error) {
	name := "terraform-provider-ubiops"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	b := binaries{provider: filepath.Join(dir, "real", name), pluginDir: filepath.Join(dir, "plugins")}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=bench", "-o", b.provider, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return b, fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	self, err := os.Executable()
	if err != nil {
		return b, err
	}
	// A copy rather than a link: `go run` removes its build directory.
	if err := copyFile(self, filepath.Join(b.pluginDir, name)); err != nil {
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
