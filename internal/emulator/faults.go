package emulator

import (
	"math/rand/v2"
	"net/http"
	"sync"
)

// faultKind is one way a request fails on purpose.
type faultKind int

const (
	faultNone faultKind = iota
	// Before the handler runs: nothing is committed.
	faultBefore500
	faultBefore502
	faultBefore503
	faultBeforeDrop
	// After a write commits: the change is stored but the client never
	// learns it, which is what makes retrying writes dangerous.
	faultAfter502
	faultAfter503
	faultAfterDrop
)

var (
	beforeFaults = []faultKind{faultBefore500, faultBefore502, faultBefore503, faultBeforeDrop}
	writeFaults  = append(append([]faultKind{}, beforeFaults...), faultAfter502, faultAfter503, faultAfterDrop)
)

// faultInjector draws faults from a seeded source so tests are repeatable.
type faultInjector struct {
	mu   sync.Mutex
	rate float64
	rng  *rand.Rand
}

func newFaultInjector(rate float64, seed uint64) *faultInjector {
	return &faultInjector{rate: rate, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (f *faultInjector) setRate(p float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rate = min(max(p, 0), 1)
}

// draw decides whether this request fails and how; only writes can fail after
// committing, since a read has nothing to commit.
func (f *faultInjector) draw(write bool) faultKind {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rate <= 0 || f.rng.Float64() >= f.rate {
		return faultNone
	}
	kinds := beforeFaults
	if write {
		kinds = writeFaults
	}
	return kinds[f.rng.IntN(len(kinds))]
}

// afterCommit reports whether the handler must run before the fault.
func (k faultKind) afterCommit() bool { return k >= faultAfter502 }

// respond produces the fault on w.
func (k faultKind) respond(w http.ResponseWriter) {
	switch k {
	case faultBefore500:
		writeError(w, http.StatusInternalServerError, "Internal server error (injected fault)")
	case faultBefore502, faultAfter502:
		writeError(w, http.StatusBadGateway, "Bad gateway (injected fault)")
	case faultBefore503, faultAfter503:
		writeError(w, http.StatusServiceUnavailable, "Service unavailable (injected fault)")
	case faultBeforeDrop, faultAfterDrop:
		dropConnection(w)
	}
}

// dropConnection closes the connection without an answer. A writer that
// cannot be hijacked (HTTP/2, a recorder) gets a 503 instead, the nearest
// answer it can carry.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, "Service unavailable (injected fault)")
		return
	}
	_ = conn.Close()
}

// isWrite reports whether a method changes state.
func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}
