package ubiops

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// resetMargin is added to x-ratelimit-reset before a retry: the header
// counts whole seconds, so the window may close up to a second after it says
// (UbiOps' own Python client waits reset+1 for the same reason).
const resetMargin = time.Second

// retryTransport re-sends a request that failed in a way worth another try,
// waiting as long as the server asks or backing off, within the policy's
// caps on attempts and total wait.
type retryTransport struct {
	next   http.RoundTripper
	policy RetryPolicy
	logger Logger
	clock  clock
	// resetMargin is resetMargin outside tests.
	resetMargin time.Duration
	// jitter returns a random number in [0, n); n > 0.
	jitter func(n int64) int64
}

func newRetryTransport(next http.RoundTripper, policy RetryPolicy, logger Logger) *retryTransport {
	return &retryTransport{
		next:        next,
		policy:      policy.withDefaults(),
		logger:      logger,
		clock:       realClock,
		resetMargin: resetMargin,
		jitter:      rand.Int64N,
	}
}

// RoundTrip sends req until it succeeds, fails in a way that is not worth
// another try, or the policy's caps are reached; it then returns the last
// answer or error.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		resp, unsent, err := t.send(req, attempt)
		if err != nil && attempt > 1 {
			err = fmt.Errorf("%w (after %d attempts)", err, attempt)
		}
		retry := t.classify(req, resp, unsent, err)
		if !retry.ok {
			return resp, err
		}
		wait := retry.wait
		if retry.useBackoff {
			wait = t.backoff(attempt)
		}
		fields := map[string]any{
			"method":  req.Method,
			"path":    req.URL.Path,
			"attempt": attempt,
			"reason":  retry.reason,
			"wait":    wait.String(),
		}
		if stop := t.stopReason(req, attempt, waited+wait); stop != "" {
			fields["stop"] = stop
			t.logger.Debug(ctx, "giving up on request", fields)
			return resp, err
		}
		t.logger.Debug(ctx, "retrying request", fields)
		drainAndClose(resp)
		if err := t.clock.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("waiting %s to retry after %s: %w", wait, retry.reason, err)
		}
		waited += wait
	}
}

// stopReason says why no further attempt may be made, or "" when one may.
func (t *retryTransport) stopReason(req *http.Request, attempt int, totalWait time.Duration) string {
	switch {
	case attempt >= t.policy.MaxAttempts:
		return fmt.Sprintf("attempt limit of %d reached", t.policy.MaxAttempts)
	case totalWait > t.policy.MaxWait:
		return fmt.Sprintf("waiting would exceed the limit of %s", t.policy.MaxWait)
	case req.Body != nil && req.Body != http.NoBody && req.GetBody == nil:
		return "the request body cannot be sent again"
	}
	return ""
}

// send makes one attempt. unsent reports whether the request provably never
// left the client: no header was written before the failure, so the server
// cannot have acted on it and even a POST may be sent again.
func (t *retryTransport) send(req *http.Request, attempt int) (resp *http.Response, unsent bool, err error) {
	r := req
	if attempt > 1 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, false, fmt.Errorf("rewinding the request body: %w", err)
		}
		r = req.Clone(req.Context())
		r.Body = body
	}
	if isIdempotent(req.Method) {
		resp, err = t.next.RoundTrip(r)
		return resp, false, err
	}
	var wrote atomic.Bool
	trace := &httptrace.ClientTrace{WroteHeaders: func() { wrote.Store(true) }}
	resp, err = t.next.RoundTrip(r.WithContext(httptrace.WithClientTrace(r.Context(), trace)))
	return resp, err != nil && !wrote.Load(), err
}

// backoff is the wait before attempt+1 when the server gave no hint:
// exponential in the attempt, with up to half again of random jitter so that
// clients failing together do not retry together, within MinBackoff and
// MaxBackoff.
func (t *retryTransport) backoff(attempt int) time.Duration {
	lo, hi := t.policy.MinBackoff, t.policy.MaxBackoff
	d := hi
	if shift := attempt - 1; shift < 32 {
		if exp := lo << shift; exp > 0 && exp < hi {
			d = exp
		}
	}
	if half := int64(d / 2); half > 0 {
		d += time.Duration(t.jitter(half + 1))
	}
	return min(max(d, lo), hi)
}

// drainAndClose discards an answer that will not be returned; reading a
// little of it lets the connection be reused.
func drainAndClose(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}
