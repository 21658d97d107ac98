package ubiops

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testToken looks like a real token, so redaction applies to it.
const testToken = "0123456789abcdef0123456789abcdef01234567"

// roundTripFunc turns a function into an http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// step answers one attempt in a script. A named type rather than a bare
// func literal type: it is a recipe for an answer, not an answer, so there
// is no response body to close where a step is built.
type step func(*http.Request) (*http.Response, error)

// script is a fake next layer that answers attempt i with steps[i] (the last
// step repeats) and records every request it received.
type script struct {
	mu      sync.Mutex
	steps   []step
	seen    []*http.Request
	bodies  []string
	answers []*http.Response
}

func (s *script) RoundTrip(r *http.Request) (*http.Response, error) {
	body := ""
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		_ = r.Body.Close()
		body = string(b)
	}
	s.mu.Lock()
	i := min(len(s.seen), len(s.steps)-1)
	s.seen = append(s.seen, r)
	s.bodies = append(s.bodies, body)
	step := s.steps[i]
	s.mu.Unlock()
	resp, err := step(r)
	s.mu.Lock()
	s.answers = append(s.answers, resp)
	s.mu.Unlock()
	return resp, err
}

func (s *script) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

// reply returns a step answering with status, headers given as key/value
// pairs, and body.
func reply(status int, body string, kv ...string) step {
	return func(r *http.Request) (*http.Response, error) { return response(r, status, body, kv...), nil }
}

// fail returns a step failing with err before anything was written.
func fail(err error) step {
	return func(*http.Request) (*http.Response, error) { return nil, err }
}

func response(r *http.Request, status int, body string, kv ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return &http.Response{
		StatusCode: status,
		Status:     http.StatusText(status),
		Header:     h,
		Body:       &trackedBody{Reader: strings.NewReader(body)},
		Request:    r,
	}
}

// trackedBody records whether a discarded answer was closed.
type trackedBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *trackedBody) Close() error { b.closed.Store(true); return nil }

// fakeClock records the waits asked of it and advances its time by them
// instead of sleeping.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) clock() clock { return clock{now: c.now, sleep: c.sleep} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.t = c.t.Add(d)
	return nil
}

func (c *fakeClock) recorded() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

// logEntry is one Debug call.
type logEntry struct {
	msg    string
	fields map[string]any
}

// recordingLogger keeps every Debug call.
type recordingLogger struct {
	mu      sync.Mutex
	entries []logEntry
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, logEntry{msg: msg, fields: fields})
}

func (l *recordingLogger) all() []logEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logEntry(nil), l.entries...)
}

func newRequest(t testing.TB, method, url, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// closeBody closes the body of resp when there is one. The bodies in these
// tests are in memory, so Close cannot fail.
func closeBody(resp *http.Response) {
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
}

func equalWaits(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// tlsVerifyError stands for a certificate the client rejects.
var tlsVerifyError = tls.CertificateVerificationError{Err: errors.New("x509: certificate signed by unknown authority")}
