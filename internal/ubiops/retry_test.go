package ubiops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// newTestRetry builds a retry layer over steps with a fake clock and
// jitter fixed at zero, so waits are exact.
func newTestRetry(policy RetryPolicy, steps ...step) (*retryTransport, *script, *fakeClock, *recordingLogger) {
	next := &script{steps: steps}
	fc := newFakeClock()
	log := &recordingLogger{}
	rt := newRetryTransport(next, Config{Retry: policy}.withDefaults().Retry, log)
	rt.clock = fc.clock()
	rt.jitter = func(int64) int64 { return 0 }
	return rt, next, fc, log
}

var refused = &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}

func TestRetryHonoursServerWaits(t *testing.T) {
	date := newFakeClock().now().Add(5 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name    string
		headers []string
		want    time.Duration
	}{
		{"Retry-After seconds", []string{headerRetryAfter, "3", headerReset, "40"}, 3 * time.Second},
		{"Retry-After date", []string{headerRetryAfter, date}, 5 * time.Second},
		{"x-ratelimit-reset plus margin", []string{headerReset, "7", headerRemaining, "0"}, 8 * time.Second},
		{"no hint: backoff", nil, DefaultRetryPolicy.MinBackoff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, next, fc, _ := newTestRetry(RetryPolicy{}, reply(429, `{"error":"slow down"}`, tt.headers...), reply(200, "ok"))
			resp, err := rt.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations", ""))
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusOK || next.attempts() != 2 {
				t.Fatalf("status %d after %d attempts, want 200 after 2", resp.StatusCode, next.attempts())
			}
			if got := fc.recorded(); !equalWaits(got, []time.Duration{tt.want}) {
				t.Errorf("waits = %v, want [%v]", got, tt.want)
			}
		})
	}
}

func TestRetryStatusByMethod(t *testing.T) {
	for _, status := range []int{502, 503, 504, 500, 400, 404} {
		for _, method := range []string{http.MethodGet, http.MethodPatch, http.MethodDelete, http.MethodHead, http.MethodPost} {
			t.Run(fmt.Sprintf("%d %s", status, method), func(t *testing.T) {
				rt, next, _, _ := newTestRetry(RetryPolicy{}, reply(status, "trouble"), reply(200, "ok"))
				resp, err := rt.RoundTrip(newRequest(t, method, "http://api.test/v2.1/organizations", `{"name":"x"}`))
				if err != nil {
					t.Fatal(err)
				}
				_ = resp.Body.Close()
				retried := status >= 500 && method != http.MethodPost
				wantAttempts, wantStatus := 1, status
				if retried {
					wantAttempts, wantStatus = 2, 200
				}
				if next.attempts() != wantAttempts || resp.StatusCode != wantStatus {
					t.Errorf("got %d after %d attempts, want %d after %d", resp.StatusCode, next.attempts(), wantStatus, wantAttempts)
				}
			})
		}
	}
}

func TestRetryResendsTheBody(t *testing.T) {
	rt, next, _, _ := newTestRetry(RetryPolicy{}, reply(429, "", headerRetryAfter, "1"), reply(201, "{}"))
	resp, err := rt.RoundTrip(newRequest(t, http.MethodPost, "http://api.test/v2.1/organizations", `{"name":"acme"}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if next.attempts() != 2 || next.bodies[0] != `{"name":"acme"}` || next.bodies[1] != next.bodies[0] {
		t.Errorf("a POST turned away with 429 must be re-sent whole; bodies %q", next.bodies)
	}
}

func TestRetryPostOnlyWhenNeverSent(t *testing.T) {
	wroteThenFailed := func(r *http.Request) (*http.Response, error) {
		if trace := httptrace.ContextClientTrace(r.Context()); trace != nil && trace.WroteHeaders != nil {
			trace.WroteHeaders()
		}
		return nil, io.ErrUnexpectedEOF
	}
	tests := []struct {
		name         string
		first        step
		method       string
		wantAttempts int
	}{
		{"POST refused before sending", fail(refused), http.MethodPost, 2},
		{"POST failed after its headers were written", wroteThenFailed, http.MethodPost, 1},
		{"GET failed after its headers were written", wroteThenFailed, http.MethodGet, 2},
		{"DELETE connection reset", fail(syscall.ECONNRESET), http.MethodDelete, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, next, _, _ := newTestRetry(RetryPolicy{}, tt.first, reply(201, "{}"))
			resp, err := rt.RoundTrip(newRequest(t, tt.method, "http://api.test/v2.1/organizations", `{"name":"acme"}`))
			if next.attempts() != tt.wantAttempts {
				t.Fatalf("attempts = %d, want %d", next.attempts(), tt.wantAttempts)
			}
			if tt.wantAttempts == 1 {
				if err == nil || !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("err = %v, want the transport failure", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
		})
	}
}

func TestRetryDoesNotRetryHopelessErrors(t *testing.T) {
	for _, err := range []error{context.Canceled, &tlsVerifyError} {
		rt, next, _, _ := newTestRetry(RetryPolicy{}, fail(err))
		resp, got := rt.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/x", ""))
		closeBody(resp)
		if !errors.Is(got, err) {
			t.Errorf("err = %v, want %v", got, err)
		}
		if next.attempts() != 1 {
			t.Errorf("%v: attempts = %d, want 1", err, next.attempts())
		}
	}
}

func TestRetryAttemptCap(t *testing.T) {
	rt, next, fc, log := newTestRetry(RetryPolicy{MaxAttempts: 3}, reply(503, "down"))
	resp, err := rt.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations?x=1", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if next.attempts() != 3 || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("got %d after %d attempts, want 503 after 3", resp.StatusCode, next.attempts())
	}
	if len(fc.recorded()) != 2 {
		t.Errorf("waits = %v, want two", fc.recorded())
	}
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "down" {
		t.Errorf("the last answer's body was consumed: %q", body)
	}
	for i, discarded := range next.answers[:2] {
		tracked, ok := discarded.Body.(*trackedBody)
		if !ok {
			t.Fatalf("discarded answer %d has a %T body, want *trackedBody", i+1, discarded.Body)
		}
		if !tracked.closed.Load() {
			t.Errorf("discarded answer %d was not closed", i+1)
		}
	}
	entries := log.all()
	if len(entries) != 3 || entries[2].msg != "giving up on request" {
		t.Fatalf("log = %+v, want two retries and a give-up", entries)
	}
	want := map[string]any{"method": "GET", "path": "/v2.1/organizations", "attempt": 1, "reason": "503 Service Unavailable", "wait": "500ms"}
	if fmt.Sprint(entries[0].fields) != fmt.Sprint(want) {
		t.Errorf("first retry logged %v, want %v", entries[0].fields, want)
	}
}

func TestRetryBackoffGrowsWithinBounds(t *testing.T) {
	rt, next, fc, _ := newTestRetry(RetryPolicy{MaxAttempts: 8, MinBackoff: time.Second, MaxBackoff: 5 * time.Second}, reply(503, ""))
	resp, err := rt.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/x", ""))
	closeBody(resp)
	if err != nil || next.attempts() != 8 {
		t.Errorf("err = %v after %d attempts, want the 8th answer", err, next.attempts())
	}
	want := []time.Duration{1, 2, 4, 5, 5, 5, 5}
	for i := range want {
		want[i] *= time.Second
	}
	if got := fc.recorded(); !equalWaits(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
	rt.jitter = func(n int64) int64 { return n - 1 }
	for attempt := 1; attempt < 10; attempt++ {
		if d := rt.backoff(attempt); d < time.Second || d > 5*time.Second {
			t.Errorf("backoff(%d) with full jitter = %v, outside [1s, 5s]", attempt, d)
		}
	}
}

func TestRetryTotalWaitCap(t *testing.T) {
	rt, next, fc, _ := newTestRetry(RetryPolicy{MaxWait: 25 * time.Second}, reply(429, `{"error":"rate limited"}`, headerRetryAfter, "10"))
	resp, err := rt.RoundTrip(newRequest(t, http.MethodPost, "http://api.test/v2.1/organizations", `{}`))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || next.attempts() != 3 {
		t.Errorf("got %d after %d attempts, want the 429 after 3", resp.StatusCode, next.attempts())
	}
	if got := fc.recorded(); !equalWaits(got, []time.Duration{10 * time.Second, 10 * time.Second}) {
		t.Errorf("waits = %v: a third wait would exceed the budget", got)
	}
}

func TestRetryWaitEndsWithTheContext(t *testing.T) {
	rt, next, _, _ := newTestRetry(RetryPolicy{}, reply(429, "", headerRetryAfter, "120"))
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	rt.clock.sleep = func(ctx context.Context, d time.Duration) error {
		close(started)
		return sleepContext(ctx, d)
	}
	go func() {
		<-started
		cancel()
	}()
	req := newRequest(t, http.MethodGet, "http://api.test/x", "").WithContext(ctx)
	resp, err := rt.RoundTrip(req)
	closeBody(resp)
	if !errors.Is(err, context.Canceled) || resp != nil {
		t.Fatalf("got %v, %v; want context.Canceled", resp, err)
	}
	if next.attempts() != 1 {
		t.Errorf("attempts = %d, want 1", next.attempts())
	}
}

func TestRetryStopsWhenTheBodyCannotBeRewound(t *testing.T) {
	rt, next, _, _ := newTestRetry(RetryPolicy{}, reply(429, "", headerRetryAfter, "1"), reply(200, ""))
	req := newRequest(t, http.MethodPost, "http://api.test/x", "{}")
	req.GetBody = nil
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || next.attempts() != 1 {
		t.Errorf("got %d after %d attempts; a body that cannot be re-read cannot be re-sent", resp.StatusCode, next.attempts())
	}
}

// fastRetries keeps real waits tiny in tests that go through the network.
var fastRetries = RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}

func TestRetryPostAfterRefusedConnection(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"1","name":"acme"}`))
	}))
	defer srv.Close()
	refusedAddr := ubiopstest.ClosedAddress(t)
	var dials atomic.Int32
	dialer := &net.Dialer{}
	transport := &http.Transport{
		DisableKeepAlives: true,
		// The first connection goes to a closed port, as when the API's load
		// balancer briefly refuses connections.
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			if dials.Add(1) == 1 {
				return dialer.DialContext(ctx, network, refusedAddr)
			}
			return dialer.DialContext(ctx, network, srv.Listener.Addr().String())
		},
	}
	c, err := NewClient(Config{Host: srv.URL + "/v2.1", Token: testToken, Transport: transport, Retry: fastRetries})
	if err != nil {
		t.Fatal(err)
	}
	org, err := c.CreateOrganization(context.Background(), OrganizationCreate{Name: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if org.Name != "acme" || dials.Load() != 2 || served.Load() != 1 {
		t.Errorf("org %+v after %d dials and %d requests served; want one request after two dials", org, dials.Load(), served.Load())
	}
}

func TestRetryAfterTheServerDroppedTheConnection(t *testing.T) {
	for _, tt := range []struct {
		method     string
		wantServed int32
	}{
		{http.MethodPost, 1},
		{http.MethodGet, int32(fastRetries.MaxAttempts)},
		{http.MethodPatch, int32(fastRetries.MaxAttempts)},
	} {
		t.Run(tt.method, func(t *testing.T) {
			var served atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				served.Add(1)
				// The request was read in full; the answer is lost.
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					// Dropping the connection is the point; how the close
					// went does not matter to the client under test.
					_ = conn.Close()
				}
			}))
			defer srv.Close()
			c, err := NewClient(Config{Host: srv.URL + "/v2.1", Token: testToken, Transport: &http.Transport{DisableKeepAlives: true}, Retry: fastRetries})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			switch tt.method {
			case http.MethodPost:
				_, err = c.CreateOrganization(ctx, OrganizationCreate{Name: "acme"})
			case http.MethodGet:
				_, err = c.GetOrganization(ctx, "acme")
			case http.MethodPatch:
				_, err = c.UpdateOrganizationUser(ctx, "acme", "u1", OrganizationUserUpdate{Admin: true})
			}
			if err == nil || !IsAmbiguous(err) || StatusCode(err) != 0 {
				t.Errorf("err = %v, want an ambiguous transport failure", err)
			}
			if served.Load() != tt.wantServed {
				t.Errorf("server got %d requests, want %d", served.Load(), tt.wantServed)
			}
		})
	}
}

func TestRetryGivesUpWithAnAPIError(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":"Request was throttled."}`))
	}))
	defer srv.Close()
	c, err := NewClient(Config{Host: srv.URL, Token: testToken, Retry: fastRetries})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListOrganizations(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !IsRateLimited(err) || apiErr.Message != "Request was throttled." {
		t.Errorf("err = %v, want the 429 as an APIError", err)
	}
	if served.Load() != int32(fastRetries.MaxAttempts) {
		t.Errorf("server got %d requests, want %d", served.Load(), fastRetries.MaxAttempts)
	}
}

func TestRetryConnectionFailuresOnlyForSeconds(t *testing.T) {
	rt, next, fc, log := newTestRetry(RetryPolicy{MaxAttempts: 100, MaxWait: time.Hour, MinBackoff: time.Second, MaxBackoff: 30 * time.Second}, fail(refused))
	resp, err := rt.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/x", ""))
	closeBody(resp)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("err = %v", err)
	}
	// Waits of 1s and 2s fit the 5s budget; the next (4s) would not.
	want := []time.Duration{time.Second, 2 * time.Second}
	if got := fc.recorded(); !equalWaits(got, want) || next.attempts() != 3 {
		t.Errorf("waits = %v over %d attempts, want %v over 3", got, next.attempts(), want)
	}
	entries := log.all()
	if last := entries[len(entries)-1]; !strings.Contains(fmt.Sprint(last.fields["stop"]), "host that does not answer") {
		t.Errorf("last log entry %v, want the connection budget as the reason to stop", last)
	}
}

// A connection that opened and then dropped shows a live host: it is
// retried within the policy's attempts, not the short budget for a host that
// cannot be reached.
func TestRetryDroppedConnectionsGetThePolicysAttempts(t *testing.T) {
	policy := RetryPolicy{MaxAttempts: 8, MaxWait: time.Hour, MinBackoff: time.Second, MaxBackoff: 30 * time.Second}
	rt, next, _, _ := newTestRetry(policy, fail(io.ErrUnexpectedEOF))
	resp, err := rt.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/x", ""))
	closeBody(resp)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err = %v", err)
	}
	if next.attempts() != policy.MaxAttempts {
		t.Errorf("%d attempts, want the policy's %d", next.attempts(), policy.MaxAttempts)
	}
}

func TestRetryNeverRetriesRequestsThatCannotBeSent(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer tlsSrv.Close()
	for name, req := range map[string]*http.Request{
		"token with a line break": func() *http.Request {
			r := newRequest(t, http.MethodGet, srv.URL+"/v2.1/organizations", "")
			r.Header.Set("Authorization", "Token abc\nX-Injected: 1")
			return r
		}(),
		"unsupported scheme":          newRequest(t, http.MethodGet, "ftp://127.0.0.1/v2.1/organizations", ""),
		"unverifiable certificate":    newRequest(t, http.MethodGet, tlsSrv.URL+"/v2.1/organizations", ""),
		"TLS to a server without TLS": newRequest(t, http.MethodGet, "https://"+srv.Listener.Addr().String()+"/v2.1", ""),
	} {
		t.Run(name, func(t *testing.T) {
			var attempts atomic.Int32
			real := &http.Transport{}
			defer real.CloseIdleConnections()
			counting := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				attempts.Add(1)
				return real.RoundTrip(r)
			})
			rt := newRetryTransport(counting, Config{Retry: fastRetries}.withDefaults().Retry, &recordingLogger{})
			resp, err := rt.RoundTrip(req)
			closeBody(resp)
			if err == nil || attempts.Load() != 1 {
				t.Fatalf("err = %v after %d attempts, want an error after 1", err, attempts.Load())
			}
		})
	}
}

func TestConnectionRefusedIsReportedAsSuch(t *testing.T) {
	addr := ubiopstest.ClosedAddress(t)
	c, err := NewClient(Config{Host: "http://" + addr + "/v2.1", Token: testToken, Retry: fastRetries})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListOrganizations(context.Background())
	var connErr *ConnectError
	want := "GET /organizations: could not connect to " + addr + ": "
	if !errors.As(err, &connErr) || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("err = %v, want it to begin with %q", err, want)
	}
	if !strings.HasSuffix(err.Error(), "(after 3 attempts)") {
		t.Errorf("err = %v, want the attempts counted", err)
	}
}
