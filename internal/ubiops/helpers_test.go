package ubiops

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
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

// testTOTPSecret is a base32 TOTP secret key, as UbiOps shows it when
// two-factor authentication is set up.
const testTOTPSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// fakeAccounts plays UbiOps for sign-in: one person, who signs in at
// /v2.1/authorize (with a TOTP code when totpSecret is set), reads
// /v2.1/user and /v2.1/organizations with the access token, and may see it
// expire. It records what it was sent.
type fakeAccounts struct {
	t                           *testing.T
	email, password, totpSecret string

	mu sync.Mutex
	// signIns counts POST /authorize requests; valid holds the access
	// tokens that are not expired.
	signIns int
	valid   map[string]bool
	issued  int
	// authorizations are the Authorization headers of every request.
	authorizations []string
	// paths are the paths of every request, in order.
	paths []string
	// authorize, when set, answers POST /authorize instead.
	authorize http.HandlerFunc
	// refuse makes every access token, old or newly issued, invalid.
	refuse bool
	// provider is how the account signs in, as POST /oauth/sign-in answers:
	// "ubiops" (a password) when empty, else a single sign-on provider,
	// whose accounts POST /authorize refuses.
	provider string
}

func newFakeAccounts(t *testing.T, totpSecret string) (*fakeAccounts, *httptest.Server) {
	f := &fakeAccounts{t: t, email: "ann@example.com", password: "correct horse battery", totpSecret: totpSecret, valid: map[string]bool{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// accessToken is the nth access token the server issues; long enough to be
// redacted.
func accessToken(n int) string { return fmt.Sprintf("access-token-%02d-0123456789abcdef", n) }

// expireAll makes every issued access token invalid, as time does.
func (f *fakeAccounts) expireAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.valid)
}

// refuseAll makes every access token invalid from now on, those issued
// later included, as a server that stopped accepting the account's tokens.
func (f *fakeAccounts) refuseAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.valid)
	f.refuse = true
}

func (f *fakeAccounts) counts() (signIns int, paths []string, authorizations []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.signIns, append([]string(nil), f.paths...), append([]string(nil), f.authorizations...)
}

func (f *fakeAccounts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.paths = append(f.paths, r.Method+" "+r.URL.Path)
	f.authorizations = append(f.authorizations, r.Header.Get("Authorization"))
	custom := f.authorize
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/v2.1/status":
		_, _ = io.WriteString(w, `{"status": "ok"}`)
	case "/v2.1/authorize":
		f.mu.Lock()
		f.signIns++
		f.mu.Unlock()
		if custom != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			custom(w, r)
			return
		}
		f.signIn(w, body)
	case "/v2.1/oauth/sign-in":
		provider := cmp.Or(f.provider, "ubiops")
		_, _ = fmt.Fprintf(w, `{"provider": %q, "url": "https://app.ubiops.com/sign-in/%s"}`, provider, provider)
	default:
		f.mu.Lock()
		ok := f.valid[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		f.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"detail": "Invalid token."}`)
			return
		}
		switch r.URL.Path {
		case "/v2.1/user":
			_, _ = fmt.Fprintf(w, `{"id": "u-1", "email": %q, "name": "Ann", "surname": "Lee"}`, f.email)
		case "/v2.1/organizations":
			if r.Method == http.MethodPost {
				if !strings.Contains(string(body), `"name":"acme"`) {
					w.WriteHeader(http.StatusBadRequest)
					return
				}
				w.WriteHeader(http.StatusCreated)
				_, _ = io.WriteString(w, orgJSON)
				return
			}
			_, _ = io.WriteString(w, `[]`)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error": "Not found."}`)
		}
	}
}

// signIn answers POST /authorize as UbiOps does.
func (f *fakeAccounts) signIn(w http.ResponseWriter, body []byte) {
	var form struct{ Email, Password, Token string }
	if err := json.Unmarshal(body, &form); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	switch {
	case f.provider != "" && f.provider != "ubiops":
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error": "This account cannot sign in with a password."}`)
		return
	case form.Email != f.email || form.Password != f.password:
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = fmt.Fprintf(w, `{"error": "Email or password '%s' is not correct."}`, form.Password)
		return
	case f.totpSecret != "" && form.Token == "":
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error": "Please provide a token for two factor authentication."}`)
		return
	case f.totpSecret != "" && !totp.Validate(form.Token, f.totpSecret):
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"error": "Token %s is not valid for two factor authentication."}`, form.Token)
		return
	}
	f.mu.Lock()
	f.issued++
	token := accessToken(f.issued)
	f.valid[token] = !f.refuse
	f.mu.Unlock()
	_, _ = fmt.Fprintf(w, `{"access": %q}`, token)
}

// signInClient is a client of srv that signs in with email, password and
// totpSecret.
func signInClient(t *testing.T, srv *httptest.Server, email, password, totpSecret string, logger Logger) *Client {
	t.Helper()
	c, err := NewClient(Config{Host: srv.URL + "/v2.1", Email: email, Password: password, TOTPSecret: totpSecret, Retry: fastRetries, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// mustRead reads a request body in a handler; the test's own bodies are in
// memory, so reading cannot fail.
func mustRead(r io.Reader) []byte {
	b, _ := io.ReadAll(r)
	return b
}
