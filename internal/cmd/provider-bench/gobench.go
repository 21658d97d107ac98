package main

import (
	"context"
	"os/exec"
	"strings"
)

// goBenchPackage holds the client's hot-path benchmarks: request building
// and decoding a 1,000-member list.
const goBenchPackage = "./internal/ubiops/"

// goBenchmarks runs the client's Go benchmarks and returns their output.
// benchtime is passed through when set, so a quick run stays quick.
func goBenchmarks(ctx context.Context, root, benchtime string) (string, error) {
	args := []string{"test", "-run", "^$", "-bench", ".", "-benchmem"}
	if benchtime != "" {
		args = append(args, "-benchtime", benchtime)
	}
	args = append(args, goBenchPackage)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	return "$ go " + strings.Join(args, " ") + "\n" + strings.TrimRight(string(out), "\n"), err
}
