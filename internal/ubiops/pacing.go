package ubiops

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

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
