package ubiops

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// newTransport stacks the layers every request passes through, outermost
// first: the user agent is set once per request, retries re-send the
// request through pacing, so that every attempt, the first included, waits
// for an exhausted rate-limit window to reset. The credential layer
// (newAuthTransport) goes on top for every request but the host check.
//
// cfg has its defaults applied (Config.withDefaults).
func newTransport(cfg Config) http.RoundTripper {
	var rt http.RoundTripper = newPacingTransport(cfg.Transport, cfg.Retry.MaxWait, cfg.Logger)
	rt = newRetryTransport(rt, cfg.Retry, cfg.Logger)
	return &userAgentTransport{next: rt, userAgent: cfg.UserAgent}
}

// withHeader returns a shallow copy of req with one header set: a
// RoundTripper must not change the request it was given, and the copy shares
// everything but the header map.
func withHeader(req *http.Request, key, value string) *http.Request {
	r := new(http.Request)
	*r = *req
	r.Header = req.Header.Clone()
	if r.Header == nil {
		r.Header = make(http.Header, 1)
	}
	r.Header.Set(key, value)
	return r
}

// userAgentTransport names the program in every request, so UbiOps can tell
// the provider's traffic apart.
type userAgentTransport struct {
	next      http.RoundTripper
	userAgent string
}

// RoundTrip sends a copy of req with its User-Agent set.
func (t *userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(withHeader(req, "User-Agent", t.userAgent))
}

// pacingTransport holds requests back while the server's rate-limit window
// is exhausted, so that the client rarely meets a 429: once an answer says
// no request is left, every request (concurrent ones included) waits until
// the window resets, and no longer than the server said.
type pacingTransport struct {
	next   http.RoundTripper
	logger Logger
	clock  clock
	// maxWait caps one wait; a longer one is not waited out here, the request
	// goes out and the retry layer deals with the 429 within its budget.
	maxWait time.Duration

	mu sync.Mutex
	// until is when the exhausted window resets; zero when it is not
	// exhausted, which keeps the common case to a lock and a comparison.
	until time.Time
}

func newPacingTransport(next http.RoundTripper, maxWait time.Duration, logger Logger) *pacingTransport {
	return &pacingTransport{next: next, logger: logger, clock: realClock, maxWait: maxWait}
}

// RoundTrip waits for the window to reset if needed, sends req, and learns
// the window's state from the answer.
func (t *pacingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if wait := t.pending(); wait > 0 {
		ctx := req.Context()
		fields := map[string]any{"method": req.Method, "path": req.URL.Path, "reason": "rate-limit window exhausted", "wait": wait.String()}
		if wait > t.maxWait {
			t.logger.Debug(ctx, "rate-limit window resets later than the wait limit; sending anyway", fields)
		} else {
			t.logger.Debug(ctx, "waiting for the rate-limit window to reset", fields)
			if err := t.clock.sleep(ctx, wait); err != nil {
				return nil, fmt.Errorf("waiting %s for the rate-limit window to reset: %w", wait, err)
			}
		}
	}
	resp, err := t.next.RoundTrip(req)
	if resp != nil {
		t.observe(resp)
	}
	return resp, err
}

// pending returns how long requests must still hold back.
func (t *pacingTransport) pending() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.until.IsZero() {
		return 0
	}
	wait := t.until.Sub(t.clock.now())
	if wait <= 0 {
		t.until = time.Time{}
		return 0
	}
	return wait
}

// observe records an exhausted window: a 429, or no request remaining. The
// later of two reset times wins, because answers to concurrent requests
// arrive in any order and both came from the server.
func (t *pacingTransport) observe(resp *http.Response) {
	limited := resp.StatusCode == http.StatusTooManyRequests
	if !limited && !rateLimitExhausted(resp.Header) {
		return
	}
	now := t.clock.now()
	wait, ok := time.Duration(0), false
	if limited {
		wait, ok = retryAfter(resp.Header, now)
	}
	if !ok {
		wait, ok = rateLimitReset(resp.Header)
	}
	if !ok || wait <= 0 {
		return
	}
	until := now.Add(wait)
	t.mu.Lock()
	defer t.mu.Unlock()
	if until.After(t.until) {
		t.until = until
	}
}

// clock is the layers' view of time. Tests replace it to record the waits a
// layer asks for instead of spending them.
type clock struct {
	now func() time.Time
	// sleep waits d, or less when ctx ends first, in which case it returns
	// ctx's error.
	sleep func(ctx context.Context, d time.Duration) error
}

// realClock is the clock of every client built by NewClient.
var realClock = clock{now: time.Now, sleep: sleepContext}

// sleepContext waits d unless ctx ends first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
