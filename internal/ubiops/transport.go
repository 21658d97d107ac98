package ubiops

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// newTransport stacks the layers a request passes through, outermost
// first, over inner: the user agent is set once per request, retries
// re-send the request through pacing, so that every attempt, the first
// included, waits for an exhausted rate-limit window of its group to reset.
// newStacks builds the client's two stacks with it.
//
// cfg has its defaults applied (Config.withDefaults).
func newTransport(cfg Config, p *pacer, inner http.RoundTripper) http.RoundTripper {
	var rt http.RoundTripper = newPacingTransport(inner, p)
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

// pacingTransport spends the server's rate-limit windows without
// overdrawing them, so that the client rarely meets a 429. UbiOps counts
// requests per endpoint group (endpointGroup), each group in windows of its
// own, and every answer says how many requests its group's window has left
// (x-ratelimit-remaining) and when it resets (x-ratelimit-reset). The layer
// keeps one window per group, counts the requests of that group it sent
// since an answer against what the answer said, and once nothing is left
// every request of the group (concurrent ones included) waits until the
// window resets, and no longer than the server said. An answer of one group
// never holds back another: a sign-in answer saying "28 left" says nothing
// of the 300 general requests. Counting what is in flight matters: with
// Terraform's ten concurrent operations, waiting for an answer that says "0
// left" lets up to nine more requests into a window that has no room for
// them.
type pacingTransport struct {
	next http.RoundTripper
	*pacer
}

// pacer is the pacing layer's knowledge of the windows. Several
// pacingTransports share one (the stacks with and without credentials), as
// their requests count against the same windows.
type pacer struct {
	logger Logger
	clock  clock
	// maxWait caps one wait; a longer one is not waited out here, the request
	// goes out and the retry layer deals with the 429 within its budget.
	maxWait time.Duration

	mu      sync.Mutex
	windows [endpointGroups]paceWindow
}

// paceWindow is what is known of one group's rate-limit window.
type paceWindow struct {
	// resetAt is when the current window resets; zero when no answer has
	// said, or the window is over: nothing is known then, and nothing holds
	// requests back.
	resetAt time.Time
	// left is how many requests the current window still allows: the
	// lowest the answers said, less the requests sent after each of them.
	left int
	// sent numbers the group's requests, so that an answer can be told
	// which requests went out after it.
	sent uint64
}

func newPacer(maxWait time.Duration, logger Logger) *pacer {
	return &pacer{logger: logger, clock: realClock, maxWait: maxWait}
}

func newPacingTransport(next http.RoundTripper, p *pacer) *pacingTransport {
	return &pacingTransport{next: next, pacer: p}
}

// RoundTrip waits until the window of req's group has room for req (or
// resets), sends it, and learns the window's state from the answer.
func (t *pacingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	group := groupOf(req.Context())
	seq, err := t.reserve(req, group)
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if resp != nil {
		t.observe(group, resp, seq)
	}
	return resp, err
}

// reserve takes one request of the group's window for req, waiting for the
// window to reset while nothing is left, and returns req's number.
func (p *pacer) reserve(req *http.Request, group endpointGroup) (uint64, error) {
	for {
		seq, wait := p.take(group)
		if wait == 0 {
			return seq, nil
		}
		ctx := req.Context()
		fields := map[string]any{"method": req.Method, "path": req.URL.Path, "reason": "rate-limit window exhausted", "wait": wait.String()}
		if group != groupGeneral {
			fields["group"] = group.String()
		}
		if wait > p.maxWait {
			p.logger.Debug(ctx, "rate-limit window resets later than the wait limit; sending anyway", fields)
			return p.takeAnyway(group), nil
		}
		p.logger.Debug(ctx, "waiting for the rate-limit window to reset", fields)
		if err := p.clock.sleep(ctx, wait); err != nil {
			return 0, fmt.Errorf("waiting %s for the rate-limit window to reset: %w", wait, err)
		}
	}
}

// take reserves a request of the group's current window and returns its
// number, or, when the window has nothing left, how long it has still to
// run.
func (p *pacer) take(group endpointGroup) (seq uint64, wait time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w := &p.windows[group]
	if !w.resetAt.IsZero() {
		if wait = w.resetAt.Sub(p.clock.now()); wait <= 0 {
			w.resetAt = time.Time{} // a new window: nothing known of it yet
		} else if w.left <= 0 {
			return 0, wait
		} else {
			w.left--
		}
	}
	w.sent++
	return w.sent, 0
}

// takeAnyway numbers a request that goes out although the window has
// nothing left.
func (p *pacer) takeAnyway(group endpointGroup) uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.windows[group].sent++
	return p.windows[group].sent
}

// observe learns the group's window from the answer to request seq: a 429
// empties it; otherwise what it has left is what the answer said less the
// requests sent after seq, which the server may not have counted yet.
// Within one window the lowest count wins, because answers to concurrent
// requests arrive in any order; an answer whose window resets later than
// the one known starts a new window.
func (p *pacer) observe(group endpointGroup, resp *http.Response, seq uint64) {
	now := p.clock.now()
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
	p.mu.Lock()
	defer p.mu.Unlock()
	w := &p.windows[group]
	left := remaining - int(w.sent-seq)
	switch {
	case w.resetAt.IsZero() || resetAt.Sub(w.resetAt) > windowResetSlack:
		w.resetAt, w.left = resetAt, left
	case left < w.left:
		w.left = left
		if resetAt.After(w.resetAt) {
			w.resetAt = resetAt
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
