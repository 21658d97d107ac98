package emulator

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Options configure an Emulator.
type Options struct {
	// Seed is the initial state; nil means DefaultSeed.
	Seed *Seed
	// RateLimit is the number of API requests per minute per client; 0 means
	// unlimited (the command's flag defaults to UbiOps' 300).
	RateLimit int
	// Latency delays every API response.
	Latency time.Duration
	// FaultRate is the share, in [0, 1], of API requests that fail on purpose.
	FaultRate float64
	// RandSeed seeds the fault injector, so that a test sees the same faults
	// on every run.
	RandSeed uint64
	// Clock tells the time for creation dates, rate-limit windows and the
	// default usage period; nil means time.Now.
	Clock func() time.Time
	// Logger, when set, receives one line per API request (method, path,
	// status, duration); request headers are never logged.
	Logger *slog.Logger
}

// Emulator is an in-memory UbiOps Organizations API. It is an http.Handler
// serving the API under /v2.1 and its own controls under /__emulator/.
type Emulator struct {
	store   *store
	clock   func() time.Time
	api     *http.ServeMux
	control *http.ServeMux
	limiter *rateLimiter
	faults  *faultInjector
	stats   *statsCounter
	latency atomic.Int64 // a time.Duration
	logger  *slog.Logger
}

// New builds an Emulator from opts, validating the seed.
func New(opts Options) (*Emulator, error) {
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	seed := opts.Seed
	if seed == nil {
		seed = DefaultSeed()
	}
	st, err := newStoreFromSeed(seed, clock())
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if opts.FaultRate < 0 || opts.FaultRate > 1 {
		return nil, fmt.Errorf("fault rate %v is outside [0, 1]", opts.FaultRate)
	}
	if opts.RateLimit < 0 || opts.Latency < 0 {
		return nil, fmt.Errorf("rate limit and latency cannot be negative")
	}
	e := &Emulator{
		store:   st,
		clock:   clock,
		limiter: newRateLimiter(opts.RateLimit),
		faults:  newFaultInjector(opts.FaultRate, opts.RandSeed),
		stats:   newStatsCounter(),
		logger:  opts.Logger,
	}
	e.latency.Store(int64(opts.Latency))
	e.api = e.apiRoutes()
	e.control = e.controlRoutes()
	return e, nil
}

// ServeHTTP serves the API and the emulator's control endpoints.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer recoverPanic(w)
	if strings.HasPrefix(r.URL.Path, controlPrefix) {
		e.control.ServeHTTP(w, r)
		return
	}
	e.serveAPI(w, r)
}

// SetRateLimit changes the per-client limit per minute; 0 disables it.
func (e *Emulator) SetRateLimit(perMinute int) { e.limiter.setLimit(perMinute) }

// SetLatency changes the delay added to every API response.
func (e *Emulator) SetLatency(d time.Duration) { e.latency.Store(int64(d)) }

// SetFaultRate changes the share of API requests that fail on purpose.
func (e *Emulator) SetFaultRate(p float64) { e.faults.setRate(p) }

// recoverPanic turns a handler panic into a JSON 500 instead of a dropped
// connection, so that a bug shows up as an answer a client can report. The
// panic net/http uses to abort a response on purpose is passed on.
func recoverPanic(w http.ResponseWriter) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	writeError(w, http.StatusInternalServerError, "internal server error")
}

// FirstToken returns the first seeded user's token, the one a test or a
// script signs in with when it has no reason to pick another.
func (e *Emulator) FirstToken() string {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	for _, u := range e.store.users {
		if u.token != "" {
			return u.token
		}
	}
	return ""
}
