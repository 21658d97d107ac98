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

// pacingTransport spends the server's rate-limit window without
// overdrawing it, so that the client rarely meets a 429. Every answer says
// how many requests the window has left (x-ratelimit-remaining) and when it
// resets (x-ratelimit-reset); the layer counts the requests it sent since
// against that, and once nothing is left every request (concurrent ones
// included) waits until the window resets, and no longer than the server
// said. Counting what is in flight matters: with Terraform's ten concurrent
// operations, waiting for an answer that says "0 left" lets up to nine more
// requests into a window that has no room for them.
type pacingTransport struct {
	next   http.RoundTripper
	logger Logger
	clock  clock
	// maxWait caps one wait; a longer one is not waited out here, the request
	// goes out and the retry layer deals with the 429 within its budget.
	maxWait time.Duration

	mu sync.Mutex
	// resetAt is when the current window resets; zero when no answer has
	// said, or the window is over: nothing is known then, and nothing holds
	// requests back.
	resetAt time.Time
	// left is how many requests the current window still allows: the
	// lowest the answers said, less the requests sent after each of them.
	left int
	// sent numbers the requests sent, so that an answer can be told which
	// requests went out after it.
	sent uint64
}

func newPacingTransport(next http.RoundTripper, maxWait time.Duration, logger Logger) *pacingTransport {
	return &pacingTransport{next: next, logger: logger, clock: realClock, maxWait: maxWait}
}

// RoundTrip waits until the window has room for req (or resets), sends it,
// and learns the window's state from the answer.
func (t *pacingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	seq, err := t.reserve(req)
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if resp != nil {
		t.observe(resp, seq)
	}
	return resp, err
}

// reserve takes one request of the window for req, waiting for the window
// to reset while nothing is left, and returns req's number.
func (t *pacingTransport) reserve(req *http.Request) (uint64, error) {
	for {
		seq, wait := t.take()
		if wait == 0 {
			return seq, nil
		}
		ctx := req.Context()
		fields := map[string]any{"method": req.Method, "path": req.URL.Path, "reason": "rate-limit window exhausted", "wait": wait.String()}
		if wait > t.maxWait {
			t.logger.Debug(ctx, "rate-limit window resets later than the wait limit; sending anyway", fields)
			return t.takeAnyway(), nil
		}
		t.logger.Debug(ctx, "waiting for the rate-limit window to reset", fields)
		if err := t.clock.sleep(ctx, wait); err != nil {
			return 0, fmt.Errorf("waiting %s for the rate-limit window to reset: %w", wait, err)
		}
	}
}

// take reserves a request of the current window and returns its number,
// or, when the window has nothing left, how long it has still to run.
func (t *pacingTransport) take() (seq uint64, wait time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.resetAt.IsZero() {
		if wait = t.resetAt.Sub(t.clock.now()); wait <= 0 {
			t.resetAt = time.Time{} // a new window: nothing known of it yet
		} else if t.left <= 0 {
			return 0, wait
		} else {
			t.left--
		}
	}
	t.sent++
	return t.sent, 0
}

// takeAnyway numbers a request that goes out although the window has
// nothing left.
func (t *pacingTransport) takeAnyway() uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sent++
	return t.sent
}

// observe learns the window from the answer to request seq: a 429 empties
// it; otherwise what it has left is what the answer said less the requests
// sent after seq, which the server may not have counted yet. Within one
// window the lowest count wins, because answers to concurrent requests
// arrive in any order; an answer whose window resets later than the one
// known starts a new window.
func (t *pacingTransport) observe(resp *http.Response, seq uint64) {
	now := t.clock.now()
	limited := resp.StatusCode == http.StatusTooManyRequests
	wait, ok := time.Duration(0), false
	if limited {
		wait, ok = retryAfter(resp.Header, now)
	}
	if !ok {
		wait, ok = rateLimitReset(resp.Header)
	}
	remaining, known := rateLimitRemaining(resp.Header)
	if limited {
		remaining, known = 0, true
	}
	if !ok || !known || wait <= 0 {
		return
	}
	resetAt := now.Add(wait)
	t.mu.Lock()
	defer t.mu.Unlock()
	left := remaining - int(t.sent-seq)
	switch {
	case t.resetAt.IsZero() || resetAt.Sub(t.resetAt) > windowResetSlack:
		t.resetAt, t.left = resetAt, left
	case left < t.left:
		t.left = left
		if resetAt.After(t.resetAt) {
			t.resetAt = resetAt
		}
	}
}

// windowResetSlack is how much later than the known reset an answer's reset
// may fall and still describe the same window: x-ratelimit-reset counts
// whole seconds, so answers within one window disagree by up to a second.
const windowResetSlack = time.Second

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
