package ubiopstest

import (
	"net/http/httptest"
	"testing"
	"time"
)

// Server is an Emulator behind an httptest.Server on 127.0.0.1, closed when
// the test ends.
type Server struct {
	*Emulator
	// URL is the API's base URL, including /v2.1.
	URL string
	// Token is the first seeded user's token (DefaultToken with the default
	// seed).
	Token string
}

// NewServer starts an emulator for t, failing the test if the options are
// invalid.
func NewServer(t testing.TB, opts ...func(*Options)) *Server {
	t.Helper()
	var o Options
	for _, apply := range opts {
		apply(&o)
	}
	e, err := New(o)
	if err != nil {
		t.Fatalf("ubiopstest: %v", err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &Server{Emulator: e, URL: srv.URL + apiPrefix, Token: e.firstToken()}
}

// firstToken returns the first seeded user's token.
func (e *Emulator) firstToken() string {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	for _, u := range e.store.users {
		if u.token != "" {
			return u.token
		}
	}
	return ""
}

// WithSeed sets the initial state.
func WithSeed(s *Seed) func(*Options) { return func(o *Options) { o.Seed = s } }

// WithRateLimit sets the requests per minute per client (0: unlimited).
func WithRateLimit(perMinute int) func(*Options) {
	return func(o *Options) { o.RateLimit = perMinute }
}

// WithLatency delays every API response by d.
func WithLatency(d time.Duration) func(*Options) { return func(o *Options) { o.Latency = d } }

// WithFaultRate makes the share p of API requests fail, drawn from randSeed.
func WithFaultRate(p float64, randSeed uint64) func(*Options) {
	return func(o *Options) { o.FaultRate, o.RandSeed = p, randSeed }
}

// WithClock sets the emulator's clock.
func WithClock(now func() time.Time) func(*Options) { return func(o *Options) { o.Clock = now } }
