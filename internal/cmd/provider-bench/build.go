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
	"strings"
)

// nullArchive is hashicorp/null built with this project's framework version
// (see ../shared/terraform/README.md); nullSHA256 is its binary's checksum.
const (
	nullArchive = "terraform-provider-null-3.3.1-linux-amd64.xz"
	nullSHA256  = "656d2d39a7a0d9d36f26850ce97113f417b1474dbe3a6f128d5dc555652a4d51"
)

// binaries are the real providers (null only when found; nullMissing says
// why not) and the directory holding this program under both providers'
// names: the wrappers that dev_overrides point Terraform at.
type binaries struct{ provider, null, nullMissing, pluginDir string }

// moduleRoot returns the directory of the module's go.mod, so the benchmark
// runs the same from `make bench` and from any subdirectory.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if gomod := strings.TrimSpace(string(out)); err == nil && gomod != "" && gomod != os.DevNull {
		return filepath.Dir(gomod), nil
	}
	return "", fmt.Errorf("not inside the provider's Go module (%v)", err)
}

// buildBinaries builds the provider as `make build` does into dir, installs
// this program as both wrappers (copies: `go run` removes its build
// directory) and unpacks hashicorp/null from the nearest shared/terraform
// beside the repository or a directory above it.
func buildBinaries(ctx context.Context, root, dir string) (binaries, error) {
	b := binaries{provider: filepath.Join(dir, "real", "terraform-provider-ubiops"), pluginDir: filepath.Join(dir, "plugins"),
		nullMissing: "../shared/terraform/" + nullArchive + " is not beside the repository or above it"}
	out, err := exec.CommandContext(ctx, "go", "build", "-C", root, "-trimpath", "-ldflags", "-s -w -X main.version=bench", "-o", b.provider, ".").CombinedOutput()
	if err != nil {
		return b, fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	exe, err := os.Executable()
	self, err2 := os.ReadFile(exe)
	for _, name := range []string{"terraform-provider-ubiops", "terraform-provider-null"} {
		if err != nil || err2 != nil {
			return b, fmt.Errorf("installing the wrapper: %w", errors.Join(err, err2))
		}
		err = writeExecutable(filepath.Join(b.pluginDir, name), self)
	}
	for d := filepath.Dir(root); d != filepath.Dir(d) && err == nil; d = filepath.Dir(d) {
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
			err = writeExecutable(b.null, data)
		}
		break
	}
	return b, err
}

// writeExecutable writes an executable, creating its directory.
func writeExecutable(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o755)
}
