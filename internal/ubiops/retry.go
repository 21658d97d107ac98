package ubiops

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// resetMargin is added to x-ratelimit-reset before a retry: the header
// counts whole seconds, so the window may close up to a second after it says
// (UbiOps' own Python client waits reset+1 for the same reason).
const resetMargin = time.Second

// connectRetryBudget caps the total wait between tries of a request that
// could not even open a connection (refused, unreachable). A host that does
// not answer within seconds is most likely the wrong host or down, and
// saying so soon serves better than a minute of silence. A connection that
// opened and then dropped shows a live host with a passing fault, so it gets
// the policy's attempts and MaxWait like rate limits and server errors.
const connectRetryBudget = 5 * time.Second

// neverConnected reports whether err is a failure to open a connection, as
// opposed to one that opened and then dropped.
func neverConnected(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

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
	// connectBudget is connectRetryBudget outside tests.
	connectBudget time.Duration
	// jitter returns a random number in [0, n); n > 0.
	jitter func(n int64) int64
}

// newRetryTransport builds the retry layer; policy has its defaults applied.
func newRetryTransport(next http.RoundTripper, policy RetryPolicy, logger Logger) *retryTransport {
	return &retryTransport{
		next:          next,
		policy:        policy,
		logger:        logger,
		clock:         realClock,
		resetMargin:   resetMargin,
		connectBudget: connectRetryBudget,
		jitter:        rand.Int64N,
	}
}

// RoundTrip sends req until it succeeds, fails in a way that is not worth
// another try, or the policy's caps are reached; it then returns the last
// answer or error.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// waited counts every wait, connectWaited those after failures without
	// an answer.
	var waited, connectWaited time.Duration
	for attempt := 1; ; attempt++ {
		resp, unsent, err := t.send(req, attempt)
		if err != nil {
			err = connectError(req, err, attempt)
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
		if neverConnected(err) {
			connectWaited += wait
		}
		if stop := t.stopReason(req, attempt, waited+wait, connectWaited); stop != "" {
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
func (t *retryTransport) stopReason(req *http.Request, attempt int, totalWait, connectWait time.Duration) string {
	switch {
	case attempt >= t.policy.MaxAttempts:
		return fmt.Sprintf("attempt limit of %d reached", t.policy.MaxAttempts)
	case totalWait > t.policy.MaxWait:
		return fmt.Sprintf("waiting would exceed the limit of %s", t.policy.MaxWait)
	case connectWait > t.connectBudget:
		return fmt.Sprintf("waiting would exceed the limit of %s for a host that does not answer", t.connectBudget)
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

// retryDecision says whether and after how long to try again.
type retryDecision struct {
	ok bool
	// reason is the failure in a few words, for the log.
	reason string
	// wait is what the server asked for, unless useBackoff is set.
	wait       time.Duration
	useBackoff bool
}

// classify decides whether the outcome of one attempt is worth another.
//
// A 429 is retried for every method: the server turned the request away
// before doing anything. A 5xx or lost connection is retried only for
// methods that can safely run twice, and for any method that provably never
// left the client; a POST that may have reached the server is left for the
// caller, who can look the object up instead of creating it twice. A 500 is
// retried like a 502: under load UbiOps' 500s pass, and a bounded retry of
// an idempotent request costs little.
func (t *retryTransport) classify(req *http.Request, resp *http.Response, unsent bool, err error) retryDecision {
	if err != nil {
		if req.Context().Err() != nil || !isTransient(err) || (!unsent && !isIdempotent(req.Method)) {
			return retryDecision{}
		}
		return retryDecision{ok: true, reason: failureReason(err), useBackoff: true}
	}
	now := t.clock.now()
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		if d, ok := retryAfter(resp.Header, now); ok {
			return retryDecision{ok: true, reason: "429 rate limited", wait: d}
		}
		if d, ok := rateLimitReset(resp.Header); ok {
			return retryDecision{ok: true, reason: "429 rate limited", wait: d + t.resetMargin}
		}
		return retryDecision{ok: true, reason: "429 rate limited", useBackoff: true}
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if !isIdempotent(req.Method) {
			return retryDecision{}
		}
		reason := fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
		if d, ok := retryAfter(resp.Header, now); ok {
			return retryDecision{ok: true, reason: reason, wait: d}
		}
		return retryDecision{ok: true, reason: reason, useBackoff: true}
	}
	return retryDecision{}
}

// isIdempotent reports whether sending a request with this method twice
// does no more than sending it once. The API's PATCH operations set fields
// to given values, so they qualify.
func isIdempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// isTransient reports whether a transport error may pass: a dropped
// connection may not drop again, while a call whose context ended is over
// and a permanent error recurs.
func isTransient(err error) bool {
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) && !isPermanent(err)
}

// isPermanent reports whether a transport error would recur on every try:
// a certificate the client rejects, a server that does not speak TLS, or a
// request the transport refuses to send.
func isPermanent(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		authority x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
		record    tls.RecordHeaderError
		alert     tls.AlertError
	)
	return errors.As(err, &verify) || errors.As(err, &authority) || errors.As(err, &hostname) ||
		errors.As(err, &invalid) || errors.As(err, &record) || errors.As(err, &alert) || isLocal(err)
}

// isLocal reports whether net/http refused to send the request at all: an
// invalid header value (such as a token with a line break) or a malformed
// URL. It reports these with untyped errors.
func isLocal(err error) bool {
	msg := err.Error()
	for _, local := range []string{"net/http: invalid header field", "unsupported protocol scheme", "no Host in request URL", "invalid URL"} {
		if strings.Contains(msg, local) {
			return true
		}
	}
	return false
}

// connectError describes a transport error: the count of attempts it took,
// and, unless the call's context ended or the request was never fit to
// send, that no answer came from the host.
func connectError(req *http.Request, err error, attempt int) error {
	if attempt > 1 {
		err = fmt.Errorf("%w (after %d attempts)", err, attempt)
	}
	if req.Context().Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || isLocal(err) {
		return err
	}
	return &ConnectError{Host: req.URL.Host, Err: err}
}

// failureReason names a transport error in a few words for the log.
func failureReason(err error) string {
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE):
		return "connection closed"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	}
	return err.Error()
}

// Headers through which the server says how long to hold off.
const (
	headerRetryAfter = "Retry-After"
	headerRemaining  = "X-Ratelimit-Remaining"
	headerReset      = "X-Ratelimit-Reset"
)

// maxHeaderWait bounds any wait read from a header, so that an absurd value
// cannot overflow a time.Duration; the retry budget caps real waits anyway.
const maxHeaderWait = 24 * time.Hour

// retryAfter reads Retry-After, which is either a number of seconds or an
// HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get(headerRetryAfter))
	if v == "" {
		return 0, false
	}
	if d, ok := parseSeconds(v); ok {
		return d, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(at.Sub(now), 0), maxHeaderWait), true
}

// rateLimitReset reads x-ratelimit-reset: the seconds until the rate-limit
// window resets.
func rateLimitReset(h http.Header) (time.Duration, bool) {
	return parseSeconds(strings.TrimSpace(h.Get(headerReset)))
}

// rateLimitRemaining reads x-ratelimit-remaining: how many requests the
// current window still allows.
func rateLimitRemaining(h http.Header) (int, bool) {
	v := strings.TrimSpace(h.Get(headerRemaining))
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(n) {
		return 0, false
	}
	return int(max(min(n, math.MaxInt32), 0)), true
}

// parseSeconds reads a non-negative number of seconds; fractions are
// accepted because nothing promises whole seconds.
func parseSeconds(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	s, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(s) || s < 0 {
		return 0, false
	}
	if s >= maxHeaderWait.Seconds() {
		return maxHeaderWait, true
	}
	return time.Duration(s * float64(time.Second)), true
}
