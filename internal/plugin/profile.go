package plugin

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
)

// envCPUProfile switches on a CPU profile of the provider while it serves.
// Terraform starts more than one provider process per command, so each
// writes FILE.PID; `go tool pprof` reads them together.
const envCPUProfile = "UBIOPS_PROVIDER_CPU_PROFILE"

// startCPUProfile starts profiling into file.PID when file is not empty and
// returns the function that stops and writes it.
func startCPUProfile(file string) (stop func() error, err error) {
	if file == "" {
		return func() error { return nil }, nil
	}
	path := file + "." + strconv.Itoa(os.Getpid())
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", envCPUProfile, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("%s: %w", envCPUProfile, err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			return fmt.Errorf("%s: writing %s: %w", envCPUProfile, path, err)
		}
		return nil
	}, nil
}
