package plugin

import (
	"bufio"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// The provider's live heap is a few MiB for most plans, so with Go's
// default GOGC of 100 the collector runs very often while Terraform makes
// thousands of calls: about a fifth of the provider's CPU in a 1,000-member
// plan went to garbage collection. A larger growth factor lets it run
// rarely. The soft memory limit is a share of the machine's memory, never a
// fixed size: a fixed 64 MiB once sat just above the live heap of a plan of
// 10,000 members, and the collector then ran without pause (more than half
// of the provider's CPU). GOGC and GOMEMLIMIT, when set, are left to the
// runtime.
const (
	gcPercent = 400
	// memoryShare is the part of the machine's memory (or of the cgroup's
	// limit, when lower) that the soft limit allows; minMemoryLimit is the
	// least it allows, for machines that report little.
	memoryShare    = 4
	minMemoryLimit = 1 << 30
)

// tuneGC applies gcPercent and a memory limit derived from the machine where
// the environment does not choose.
func tuneGC(lookup func(string) (string, bool)) {
	if _, ok := lookup("GOGC"); !ok {
		debug.SetGCPercent(gcPercent)
	}
	if _, ok := lookup("GOMEMLIMIT"); !ok {
		debug.SetMemoryLimit(memoryLimit(machineMemory("/proc/meminfo", "/sys/fs/cgroup/memory.max")))
	}
}

// memoryLimit is the soft limit for a machine of total bytes: a quarter of
// it, at least minMemoryLimit; no limit when the machine's memory is
// unknown (0).
func memoryLimit(total int64) int64 {
	if total <= 0 {
		return math.MaxInt64
	}
	return max(total/memoryShare, minMemoryLimit)
}

// machineMemory returns the bytes of memory the process may use: the
// MemTotal of meminfo (Linux's /proc/meminfo), or the cgroup's limit when
// that is lower; 0 when neither can be read (other systems).
func machineMemory(meminfo, cgroupMax string) int64 {
	var total int64
	if f, err := os.Open(meminfo); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if fields := strings.Fields(sc.Text()); len(fields) >= 2 && fields[0] == "MemTotal:" {
				kib, _ := strconv.ParseInt(fields[1], 10, 64)
				total = kib << 10
			}
		}
		_ = f.Close() // only read
	}
	if data, err := os.ReadFile(cgroupMax); err == nil {
		if limit, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil && limit > 0 && (total == 0 || limit < total) {
			total = limit // "max" (no limit) does not parse
		}
	}
	return total
}
