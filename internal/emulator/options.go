package emulator

import "time"

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
