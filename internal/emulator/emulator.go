// Package emulator is a local emulator of the UbiOps Organizations API
// (v2.1). It serves the eleven operations under /v2.1 with the same models,
// rules, status codes and rate-limit headers as the real service, and signs
// people in (POST /authorize) as UbiOps does, so that the client, the
// provider's acceptance tests and users' own configurations can run without a
// UbiOps account.
//
// Besides the API it can add latency, enforce per-client rate limits per
// endpoint group (the user group apart from the general one) and
// inject faults (5xx answers and dropped connections, before or after a write
// commits), and it counts the requests it receives per route so that tests can
// assert how many calls were made. Tests act "outside Terraform" through the
// Emulator's direct store methods (AddMember, RenameOrganization, ...).
//
// The emulator shares no code with the client package on purpose: its models
// describe what a server stores and returns, and disagreements with the client
// surface in tests.
//
// Files follow what they serve: emulator.go (Options, New, the state),
// server.go (HTTP plumbing: routes, bodies, answers), auth.go (signing in,
// access tokens, service users), oauth.go (how an account signs in),
// organizations.go, members.go, usage.go (each
// with its model, rules, views, handlers and direct methods), seed.go,
// faults.go, ratelimit.go and stats.go.
package emulator

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure an Emulator.
type Options struct {
	// Seed is the initial state; nil means DefaultSeed.
	Seed *Seed
	// RateLimit is the number of general-group API requests (every route
	// but the user group's) per client per window; 0 means unlimited (the
	// command's flag defaults to UbiOps' 300 a minute).
	RateLimit int
	// RateLimitUser is the number of user-group requests (/authorize,
	// /oauth/..., /user) per client per window, counted apart from the
	// general group; 0 means unlimited (the command's flag defaults to
	// UbiOps' 30 a minute).
	RateLimitUser int
	// RateLimitWindow is the length of the fixed windows both groups count
	// in, aligned to the clock; 0 means one minute, UbiOps' window. Tests shorten
	// it so that crossing a window takes seconds.
	RateLimitWindow time.Duration
	// AccessTokenTTL is how long an access token handed out by signing in
	// lasts; 0 means DefaultAccessTokenTTL. Seeded tokens never expire.
	AccessTokenTTL time.Duration
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

// WithSeed sets the initial state.
func WithSeed(s *Seed) func(*Options) { return func(o *Options) { o.Seed = s } }

// WithRateLimit sets the general group's requests per client per window, a
// minute unless WithRateLimitWindow says otherwise (0: unlimited).
func WithRateLimit(perWindow int) func(*Options) {
	return func(o *Options) { o.RateLimit = perWindow }
}

// WithRateLimitUser sets the user group's requests (/authorize, /oauth/...,
// /user) per client per window (0: unlimited).
func WithRateLimitUser(perWindow int) func(*Options) {
	return func(o *Options) { o.RateLimitUser = perWindow }
}

// WithRateLimitWindow sets the length of both groups' windows (0: one
// minute).
func WithRateLimitWindow(d time.Duration) func(*Options) {
	return func(o *Options) { o.RateLimitWindow = d }
}

// WithAccessTokenTTL sets how long signed-in access tokens last (0: an
// hour).
func WithAccessTokenTTL(d time.Duration) func(*Options) {
	return func(o *Options) { o.AccessTokenTTL = d }
}

// WithLatency delays every API response by d.
func WithLatency(d time.Duration) func(*Options) { return func(o *Options) { o.Latency = d } }

// WithFaultRate makes the share p of API requests fail, drawn from randSeed.
func WithFaultRate(p float64, randSeed uint64) func(*Options) {
	return func(o *Options) { o.FaultRate, o.RandSeed = p, randSeed }
}

// WithClock sets the emulator's clock.
func WithClock(now func() time.Time) func(*Options) { return func(o *Options) { o.Clock = now } }

// Emulator is an in-memory UbiOps Organizations API. It is an http.Handler
// serving the API under /v2.1 and its own controls under /__emulator/.
type Emulator struct {
	store   *store
	clock   func() time.Time
	api     *http.ServeMux
	control *http.ServeMux
	// limiters count each endpoint group apart, indexed by rateGroup.
	limiters [2]*rateLimiter
	faults   *faultInjector
	stats    *statsCounter
	latency  atomic.Int64 // a time.Duration
	logger   *slog.Logger
	// accessTTL is how long signed-in access tokens last.
	accessTTL time.Duration
}

// firstWhere returns the first of items that match accepts, or nil: the
// store keeps its users, organizations and memberships in slices, in the
// order the API lists them.
func firstWhere[T any](items []*T, match func(*T) bool) *T {
	if i := slices.IndexFunc(items, match); i >= 0 {
		return items[i]
	}
	return nil
}

// store holds all state; one mutex guards it because requests are short and
// correctness under concurrency matters more than throughput here.
type store struct {
	mu    sync.Mutex
	users []*user
	orgs  []*organization // insertion order, which organizations_list keeps
	// access holds the access tokens handed out by signing in.
	access map[string]accessGrant
}

// NewWith builds an Emulator from option functions (WithSeed, WithRateLimit,
// ...) applied in order to zero Options.
func NewWith(opts ...func(*Options)) (*Emulator, error) {
	var o Options
	for _, apply := range opts {
		apply(&o)
	}
	return New(o)
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
	if opts.RateLimit < 0 || opts.RateLimitUser < 0 || opts.RateLimitWindow < 0 || opts.Latency < 0 || opts.AccessTokenTTL < 0 {
		return nil, fmt.Errorf("rate limits, their window, latency and access-token TTL cannot be negative")
	}
	window := orDefault(opts.RateLimitWindow, time.Minute)
	e := &Emulator{
		store: st,
		clock: clock,
		limiters: [2]*rateLimiter{
			groupGeneral: newRateLimiter(opts.RateLimit, window),
			groupUser:    newRateLimiter(opts.RateLimitUser, window),
		},
		faults:    newFaultInjector(opts.FaultRate, opts.RandSeed),
		stats:     newStatsCounter(),
		logger:    opts.Logger,
		accessTTL: orDefault(opts.AccessTokenTTL, DefaultAccessTokenTTL),
	}
	e.latency.Store(int64(opts.Latency))
	e.api = e.apiRoutes()
	e.control = e.controlRoutes()
	return e, nil
}

// SetRateLimit changes the general group's per-client limit per window; 0
// disables it.
func (e *Emulator) SetRateLimit(perWindow int) { e.limiters[groupGeneral].setLimit(perWindow) }

// SetRateLimitUser changes the user group's per-client limit per window; 0
// disables it.
func (e *Emulator) SetRateLimitUser(perWindow int) { e.limiters[groupUser].setLimit(perWindow) }

// SetLatency changes the delay added to every API response.
func (e *Emulator) SetLatency(d time.Duration) { e.latency.Store(int64(d)) }

// SetFaultRate changes the share of API requests that fail on purpose.
func (e *Emulator) SetFaultRate(p float64) { e.faults.setRate(p) }

// orDefault is d, or def when d is zero (an option left unset).
func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}
