package plugin

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

func TestTuneGCLeavesTheEnvironmentsChoice(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))

	tuneGC(func(string) (string, bool) { return "", false })
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("GC percent = %d, want %d", got, gcPercent)
	}
	if got := debug.SetMemoryLimit(-1); got < minMemoryLimit {
		t.Errorf("memory limit = %d, want at least %d", got, minMemoryLimit)
	}

	debug.SetMemoryLimit(1 << 40)
	tuneGC(func(name string) (string, bool) { return "50", name == "GOGC" || name == "GOMEMLIMIT" })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent with GOGC set = %d, want the runtime's 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("memory limit with GOMEMLIMIT set = %d, want it untouched", got)
	}
}

// TestMemoryLimitFollowsTheMachine: a quarter of the memory the process may
// use (the cgroup's limit when lower), never less than 1 GiB, and none when
// the machine's memory is unknown.
func TestMemoryLimitFollowsTheMachine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	meminfo := write("meminfo", "MemFree:  100 kB\nMemTotal:       16777216 kB\n")
	for name, c := range map[string]struct {
		meminfo, cgroup string
		want            int64
	}{
		"16 GiB machine":              {meminfo, write("none", "max\n"), 4 << 30},
		"cgroup of 8 GiB":             {meminfo, write("eight", "8589934592\n"), 2 << 30},
		"small cgroup":                {meminfo, write("small", "536870912\n"), 1 << 30},
		"memory unknown: no limit":    {filepath.Join(dir, "missing"), filepath.Join(dir, "missing"), math.MaxInt64},
		"cgroup only, meminfo absent": {filepath.Join(dir, "missing"), write("twelve", "12884901888\n"), 3 << 30},
	} {
		if got := memoryLimit(machineMemory(c.meminfo, c.cgroup)); got != c.want {
			t.Errorf("%s: limit %d, want %d", name, got, c.want)
		}
	}
}
