package plugin

import "runtime/debug"

// The provider's live heap is a few MiB, so with Go's default GOGC of 100 the
// collector runs very often while Terraform makes thousands of calls: about
// a fifth of the provider's CPU in a 1,000-member plan went to garbage
// collection. A larger growth factor lets it run rarely, and a soft memory
// limit keeps the process small whatever the factor allows. GOGC and
// GOMEMLIMIT, when set, are left to the runtime.
const (
	gcPercent   = 400
	memoryLimit = 64 << 20
)

// tuneGC applies gcPercent and memoryLimit where the environment does not
// choose.
func tuneGC(lookup func(string) (string, bool)) {
	if _, ok := lookup("GOGC"); !ok {
		debug.SetGCPercent(gcPercent)
	}
	if _, ok := lookup("GOMEMLIMIT"); !ok {
		debug.SetMemoryLimit(memoryLimit)
	}
}
