package emulator

import (
	"net/http"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	clock := newFakeClock("2026-12-01T10:00:15Z")
	s := NewServer(t, WithSeed(testSeed(t)), WithClock(clock.Now), WithRateLimit(3))
	requests := []struct {
		path, token string
		status      int
		remaining   string
	}{
		{"/organizations", adminToken, http.StatusOK, "2"},
		{"/organizations", "", http.StatusUnauthorized, "1"},
		{"/nowhere", adminToken, http.StatusNotFound, "0"},
		{"/organizations", adminToken, http.StatusTooManyRequests, "0"},
	}
	for i, rq := range requests {
		r := call(t, s, http.MethodGet, rq.path, rq.token, nil).expect(t, rq.status)
		h := r.header
		if h.Get("X-Ratelimit-Limit") != "3" || h.Get("X-Ratelimit-Remaining") != rq.remaining || h.Get("X-Ratelimit-Reset") != "45" {
			t.Fatalf("request %d headers: %v", i, h)
		}
	}
	r := call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, http.StatusTooManyRequests)
	if r.header.Get("Retry-After") != "45" || r.object(t)["error"] != "Rate limit exceeded" {
		t.Fatalf("429: %v %s", r.header, r.body)
	}
	if st := s.Stats(); st.RateLimited != 2 || st.Total != 5 {
		t.Fatalf("stats = %+v", st)
	}

	clock.Advance(44*time.Second + 500*time.Millisecond)
	r = call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, http.StatusTooManyRequests)
	if r.header.Get("X-Ratelimit-Reset") != "1" {
		t.Fatalf("reset half a second before the window ends = %q", r.header.Get("X-Ratelimit-Reset"))
	}
	clock.Advance(time.Second) // the next window
	r = call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, http.StatusOK)
	if r.header.Get("X-Ratelimit-Remaining") != "2" || r.header.Get("X-Ratelimit-Reset") != "60" {
		t.Fatalf("new window headers: %v", r.header)
	}

	s.SetRateLimit(0)
	r = call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, http.StatusOK)
	if r.header.Get("X-Ratelimit-Limit") != "1000000" {
		t.Fatalf("unlimited emulator sent %v", r.header)
	}
}

// TestRateLimitHeadersWithoutALimit: UbiOps sends the headers on every
// answer, so the emulator does too when its limit is off, reporting a limit
// that is never reached.
func TestRateLimitHeadersWithoutALimit(t *testing.T) {
	clock := newFakeClock("2026-12-01T10:00:15Z")
	s := NewServer(t, WithSeed(testSeed(t)), WithClock(clock.Now))
	answers := []response{
		call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, http.StatusOK),
		call(t, s, http.MethodGet, "/organizations", "", nil).expect(t, http.StatusUnauthorized),
		call(t, s, http.MethodGet, "/organizations", svcHeader, nil).expect(t, http.StatusForbidden),
		call(t, s, http.MethodGet, "/nowhere", adminToken, nil).expect(t, http.StatusNotFound),
		call(t, s, http.MethodDelete, "/organizations", adminToken, nil).expect(t, http.StatusMethodNotAllowed),
		call(t, s, http.MethodGet, "/status", "", nil).expect(t, http.StatusOK),
		call(t, s, http.MethodPost, "/authorize", "", map[string]any{"email": "x@example.com", "password": "x"}).expect(t, http.StatusBadRequest),
	}
	for range 100 { // remaining never counts down
		answers = append(answers, call(t, s, http.MethodGet, "/user", adminToken, nil).expect(t, http.StatusOK))
	}
	for i, r := range answers {
		h := r.header
		if h.Get("X-Ratelimit-Limit") != "1000000" || h.Get("X-Ratelimit-Remaining") != "1000000" || h.Get("X-Ratelimit-Reset") != "45" {
			t.Fatalf("answer %d (%d): headers %v", i, r.status, h)
		}
	}
}

func TestSignInsCountAgainstTheLimit(t *testing.T) {
	s := newTestServer(t, WithRateLimit(2))
	creds := map[string]any{"email": tfaEmail, "password": "wrong"}
	signIn(t, s, creds).expect(t, http.StatusBadRequest)
	signIn(t, s, creds).expect(t, http.StatusBadRequest)
	signIn(t, s, creds).expect(t, http.StatusTooManyRequests)
	if st := s.Stats(); st.Count("POST /authorize") != 3 || st.RateLimited != 1 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestRateLimitIsPerClient(t *testing.T) {
	l := newRateLimiter(1, time.Minute)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if !l.take("10.0.0.1", now).allowed || !l.take("10.0.0.2", now).allowed {
		t.Fatal("first requests of two clients were limited")
	}
	if l.take("10.0.0.1", now).allowed {
		t.Fatal("second request of a client passed a limit of 1")
	}
}

func TestRateLimitWindow(t *testing.T) {
	clock := newFakeClock("2026-12-01T10:00:01.5Z")
	s := NewServer(t, WithSeed(testSeed(t)), WithClock(clock.Now), WithRateLimit(2), WithRateLimitWindow(2*time.Second))
	want := func(status int, remaining, reset string) {
		t.Helper()
		h := call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, status).header
		if h.Get("X-Ratelimit-Limit") != "2" || h.Get("X-Ratelimit-Remaining") != remaining || h.Get("X-Ratelimit-Reset") != reset {
			t.Fatalf("headers: %v, want remaining %s, reset %s", h, remaining, reset)
		}
	}
	// The window is 10:00:00 .. 10:00:02: half a second left, rounded up.
	want(http.StatusOK, "1", "1")
	want(http.StatusOK, "0", "1")
	want(http.StatusTooManyRequests, "0", "1")
	clock.Advance(time.Second) // 10:00:02.5, the next window
	want(http.StatusOK, "1", "2")
}
