package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// FuzzRequest feeds arbitrary methods, paths, queries and bodies to the
// handler: whatever a client sends, the answer is never a 5xx and its body,
// if any, is JSON.
func FuzzRequest(f *testing.F) {
	f.Add("POST", "/organizations", "", `{"name": "x", "subscription": "premium", "subscription_end_date": "2021-03-25"}`)
	f.Add("PATCH", "/organizations/acme-ml", "", `{"subscription_end_date": null, "name": 5}`)
	f.Add("POST", "/organizations/acme-ml/users", "", `{"email": "a@b.c", "admin": "yes"}`)
	f.Add("PATCH", "/organizations/acme-ml/users/x", "", `[1, 2`)
	f.Add("GET", "/organizations/acme-ml/usage", "start_date=2026-01-01&end_date=2026-02-01&interval=day", "")
	f.Add("GET", "/organizations/acme-ml/usage", "start_date=0001-01-01T00:00:00Z&end_date=9999-12-31&interval=month", "")
	f.Add("DELETE", "/organizations/%2e%2e/users/%00", "a=%zz", "null")
	f.Add("GET", "//organizations/../x/", "", "")
	e, err := New(Options{Seed: testSeed(f)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		target := APIPrefix + path
		if query != "" {
			target += "?" + query
		}
		req, err := http.NewRequest(method, "http://emulator"+target, strings.NewReader(body))
		if err != nil {
			return // not a request a client could send
		}
		req.RemoteAddr = "192.0.2.1:1234"
		req.Header.Set("Authorization", "Bearer "+adminToken)
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q: status %d: %s", method, target, rec.Code, rec.Body)
		}
		if rec.Body.Len() > 0 && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s %q: body is not JSON: %q", method, target, rec.Body)
		}
	})
}

// The latency tests run in a synctest bubble, whose clock moves only when
// every goroutine of the test is blocked: a delay is then measured exactly
// and without waiting for it, and synctest.Wait says when a request is
// inside its delay.

// serveInBubble serves one API request straight through the emulator's
// handler, with no network, which a synctest bubble requires.
func serveInBubble(e *Emulator, ctx context.Context) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, APIPrefix+"/organizations", nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func newBubbleEmulator(t *testing.T, latency time.Duration) *Emulator {
	t.Helper()
	e, err := NewWith(WithSeed(testSeed(t)), WithLatency(latency))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestLatencyDelaysResponses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const d = 30 * time.Millisecond
		e := newBubbleEmulator(t, 0)
		e.SetLatency(d)
		began := time.Now()
		rec := serveInBubble(e, context.Background())
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d, want 200: %s", rec.Code, rec.Body)
		}
		if elapsed := time.Since(began); elapsed != d {
			t.Fatalf("answered after %v, want exactly the %v latency", elapsed, d)
		}
	})
}

func TestLatencyGivesUpWithTheClient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newBubbleEmulator(t, time.Hour)
		ctx, cancel := context.WithCancel(context.Background())
		answered := make(chan *httptest.ResponseRecorder)
		began := time.Now()
		go func() { answered <- serveInBubble(e, ctx) }()
		synctest.Wait() // the request is inside its hour of latency
		if got := e.Stats().Total; got != 1 {
			t.Errorf("%d requests counted while the request waits, want 1", got)
		}
		cancel()
		rec := <-answered
		if waited := time.Since(began); waited != 0 {
			t.Errorf("the request ended after %v, want at once when the client gave up", waited)
		}
		if rec.Body.Len() != 0 {
			t.Errorf("a request whose client gave up was answered: %d %s", rec.Code, rec.Body)
		}
	})
}

// lockedBuffer lets the server's goroutines and the test share a log.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRequestLogOmitsSecrets(t *testing.T) {
	var log lockedBuffer
	s := newTestServer(t, func(o *Options) { o.Logger = slog.New(slog.NewTextHandler(&log, nil)) })
	call(t, s, http.MethodGet, "/organizations/acme-ml", adminToken, nil).expect(t, http.StatusOK)
	access, _ := signIn(t, s, map[string]any{"email": tfaEmail, "password": tfaPassword, "token": "123456"}).object(t)["access"].(string)
	call(t, s, http.MethodGet, "/user", svcHeader, nil).expect(t, http.StatusOK)
	out := log.String()
	if !strings.Contains(out, "path=/v2.1/organizations/acme-ml") || !strings.Contains(out, "status=200") ||
		!strings.Contains(out, "path=/v2.1/authorize") {
		t.Fatalf("log = %q", out)
	}
	for _, secret := range []string{adminToken, tfaPassword, "123456", "svc-token", access} {
		if secret != "" && strings.Contains(out, secret) {
			t.Fatalf("the log leaks %q: %q", secret, out)
		}
	}
}

func TestAccessErrors(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		name, method, path, token string
		body                      any
		status                    int
		key                       string
	}{
		{"no token", http.MethodGet, "/organizations", "", nil, http.StatusUnauthorized, "detail"},
		{"unknown token", http.MethodGet, "/organizations", "nope", nil, http.StatusUnauthorized, "detail"},
		{"non-member reads", http.MethodGet, "/organizations/acme-ml", eveToken, nil, http.StatusForbidden, "detail"},
		{"missing org", http.MethodGet, "/organizations/nowhere", adminToken, nil, http.StatusNotFound, "error"},
		{"non-admin updates", http.MethodPatch, "/organizations/acme-ml", bobToken, map[string]any{"name": "x"}, http.StatusForbidden, "detail"},
		{"non-staff changes subscription", http.MethodPatch, "/organizations/acme-ml", adminToken, map[string]any{"subscription": "enterprise"}, http.StatusForbidden, "detail"},
		{"non-member resources", http.MethodGet, "/organizations/acme-ml/resources", eveToken, nil, http.StatusForbidden, "detail"},
		{"non-member usage", http.MethodGet, "/organizations/acme-ml/usage", eveToken, nil, http.StatusForbidden, "detail"},
		{"missing org usage", http.MethodGet, "/organizations/nowhere/usage", adminToken, nil, http.StatusNotFound, "error"},
		{"non-admin lists users", http.MethodGet, "/organizations/acme-ml/users", bobToken, nil, http.StatusForbidden, "detail"},
		// Only admins see an organization's details, resource usage and
		// credit usage.
		{"non-admin reads details", http.MethodGet, "/organizations/acme-ml", bobToken, nil, http.StatusForbidden, "detail"},
		{"non-admin resources", http.MethodGet, "/organizations/acme-ml/resources", bobToken, nil, http.StatusForbidden, "detail"},
		{"non-admin usage", http.MethodGet, "/organizations/acme-ml/usage", bobToken, nil, http.StatusForbidden, "detail"},
		{"missing org users", http.MethodGet, "/organizations/nowhere/users", adminToken, nil, http.StatusNotFound, "error"},
		{"no org delete", http.MethodDelete, "/organizations/acme-ml", adminToken, nil, http.StatusMethodNotAllowed, "error"},
		{"trailing slash", http.MethodGet, "/organizations/", adminToken, nil, http.StatusNotFound, "error"},
		{"unknown path", http.MethodGet, "/projects", adminToken, nil, http.StatusNotFound, "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Every error carries "error", which UbiOps' SDK and CLI read;
			// authentication and permission failures repeat it as "detail".
			r := call(t, s, tc.method, tc.path, tc.token, tc.body).expect(t, tc.status)
			body := r.object(t)
			msg, _ := body["error"].(string)
			if msg == "" {
				t.Fatalf("body %s has no \"error\" message", r.body)
			}
			if detail, _ := body["detail"].(string); tc.key == "detail" && detail != msg {
				t.Fatalf("body %s: detail differs from error", r.body)
			}
		})
	}
	if rec, _ := s.Organization("acme-ml"); rec.Subscription != "professional" {
		t.Fatalf("a rejected update changed the subscription: %+v", rec)
	}
}
