package emulator

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// UbiOps limits requests per source IP and per endpoint group, each group
// with its own counter and its own x-ratelimit-* headers. The user group
// (registration, authentication and accounts) is far smaller than the
// general one, so that guessing passwords is slow.
const (
	// DefaultRateLimit is UbiOps' general group: requests per client per
	// minute.
	DefaultRateLimit = 300
	// DefaultRateLimitUser is UbiOps' user group (/authorize, /oauth/...,
	// /user): requests per client per minute.
	DefaultRateLimitUser = 30
)

// rateGroup is an endpoint group with a counter of its own.
type rateGroup int

const (
	// groupGeneral is every route outside the user group.
	groupGeneral rateGroup = iota
	// groupUser is signing in and the signed-in account.
	groupUser
)

// rateGroupOf says which group a request path (with the API prefix) counts
// in. Paths that match no route count in the general group, as the routes
// around them do.
func rateGroupOf(p string) rateGroup {
	p = strings.TrimPrefix(p, APIPrefix)
	if p == "/authorize" || p == "/user" || p == "/oauth" || strings.HasPrefix(p, "/oauth/") {
		return groupUser
	}
	return groupGeneral
}

// rateLimiter counts one endpoint group's requests per client in fixed
// windows aligned to the clock (minutes by default), like UbiOps'
// per-source-IP limit.
type rateLimiter struct {
	mu      sync.Mutex
	limit   int
	window  time.Duration
	windows map[string]*rateWindow
}

// rateWindow is one client's count in the current window.
type rateWindow struct {
	start time.Time
	count int
}

// unlimited is the limit the headers report when the limit is off: one that
// is never reached, since "remaining" never counts down from it. UbiOps
// always sends the headers, and clients must cope with a limit they never
// meet.
const unlimited = 1_000_000

// rateDecision is what the limiter decided for one request.
type rateDecision struct {
	allowed   bool
	limit     int
	remaining int
	reset     int // whole seconds until the next window
}

func newRateLimiter(limit int, window time.Duration) *rateLimiter {
	return &rateLimiter{limit: limit, window: window, windows: map[string]*rateWindow{}}
}

func (l *rateLimiter) setLimit(limit int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.limit = limit
}

// take records a request from client at now and decides whether it may pass.
func (l *rateLimiter) take(client string, now time.Time) rateDecision {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := now.Truncate(l.window)
	reset := int(math.Ceil(start.Add(l.window).Sub(now).Seconds()))
	if l.limit <= 0 {
		return rateDecision{allowed: true, limit: unlimited, remaining: unlimited, reset: reset}
	}
	w := l.windows[client]
	if w == nil || !w.start.Equal(start) {
		w = &rateWindow{start: start}
		l.windows[client] = w
	}
	w.count++
	return rateDecision{
		allowed:   w.count <= l.limit,
		limit:     l.limit,
		remaining: max(0, l.limit-w.count),
		reset:     reset,
	}
}

// setHeaders writes the x-ratelimit-* headers, on every answer.
func (d rateDecision) setHeaders(h http.Header) {
	h.Set("X-Ratelimit-Limit", strconv.Itoa(d.limit))
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(d.remaining))
	h.Set("X-Ratelimit-Reset", strconv.Itoa(d.reset))
	if !d.allowed {
		h.Set("Retry-After", strconv.Itoa(d.reset))
	}
}

// clientKey identifies the client by source IP, as UbiOps does.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
