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

// TestSignInsCountInTheUserGroup: every sign-in counts against the user
// group's limit, failed ones included, so that guessing passwords is slow.
func TestSignInsCountInTheUserGroup(t *testing.T) {
	s := newTestServer(t, WithRateLimitUser(2))
	creds := map[string]any{"email": tfaEmail, "password": "wrong"}
	signIn(t, s, creds).expect(t, http.StatusBadRequest)
	signIn(t, s, creds).expect(t, http.StatusBadRequest)
	signIn(t, s, creds).expect(t, http.StatusTooManyRequests)
	if st := s.Stats(); st.Count("POST /authorize") != 3 || st.RateLimited != 1 {
		t.Fatalf("stats = %+v", st)
	}
}

// TestRateLimitGroups: the user group (/authorize, /oauth/..., /user) and
// the general group count apart, each answer's headers describe its own
// group, and a user group spent to 429 holds back no general request.
func TestRateLimitGroups(t *testing.T) {
	clock := newFakeClock("2026-12-01T10:00:15Z")
	s := NewServer(t, WithSeed(testSeed(t)), WithClock(clock.Now), WithRateLimit(4), WithRateLimitUser(2))
	signInBody := map[string]any{"email": tfaEmail, "password": "wrong"}
	oauthBody := map[string]any{"email": tfaEmail}
	requests := []struct {
		method, path, token string
		body                any
		status              int
		limit, remaining    string
	}{
		{http.MethodGet, "/user", adminToken, nil, http.StatusOK, "2", "1"},
		{http.MethodGet, "/organizations", adminToken, nil, http.StatusOK, "4", "3"},
		{http.MethodPost, "/oauth/sign-in", "", oauthBody, http.StatusOK, "2", "0"},
		{http.MethodGet, "/status", "", nil, http.StatusOK, "4", "2"},
		// The user group is spent: sign-in and /user meet 429 ...
		{http.MethodPost, "/authorize", "", signInBody, http.StatusTooManyRequests, "2", "0"},
		{http.MethodGet, "/user", adminToken, nil, http.StatusTooManyRequests, "2", "0"},
		{http.MethodPost, "/oauth/sign-in", "", oauthBody, http.StatusTooManyRequests, "2", "0"},
		// ... while the general group goes on with what it has left.
		{http.MethodGet, "/organizations", adminToken, nil, http.StatusOK, "4", "1"},
		{http.MethodGet, "/nowhere", adminToken, nil, http.StatusNotFound, "4", "0"},
		{http.MethodGet, "/organizations", adminToken, nil, http.StatusTooManyRequests, "4", "0"},
	}
	for i, rq := range requests {
		r := call(t, s, rq.method, rq.path, rq.token, rq.body).expect(t, rq.status)
		h := r.header
		if h.Get("X-Ratelimit-Limit") != rq.limit || h.Get("X-Ratelimit-Remaining") != rq.remaining || h.Get("X-Ratelimit-Reset") != "45" {
			t.Fatalf("request %d (%s %s) headers: %v, want limit %s remaining %s", i, rq.method, rq.path, h, rq.limit, rq.remaining)
		}
		if rq.status == http.StatusTooManyRequests && errorText(t, r) != "Rate limit exceeded" {
			t.Fatalf("request %d: 429 body %s", i, r.body)
		}
	}
	if st := s.Stats(); st.RateLimited != 4 || st.Total != len(requests) {
		t.Fatalf("stats = %+v", st)
	}
	clock.Advance(45 * time.Second) // the next window, for both groups
	h := call(t, s, http.MethodGet, "/user", adminToken, nil).expect(t, http.StatusOK).header
	if h.Get("X-Ratelimit-Limit") != "2" || h.Get("X-Ratelimit-Remaining") != "1" {
		t.Fatalf("user group in the next window: %v", h)
	}
	s.SetRateLimitUser(0)
	h = call(t, s, http.MethodGet, "/user", adminToken, nil).expect(t, http.StatusOK).header
	if h.Get("X-Ratelimit-Limit") != "1000000" {
		t.Fatalf("user group without a limit: %v", h)
	}
	h = call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, http.StatusOK).header
	if h.Get("X-Ratelimit-Limit") != "4" || h.Get("X-Ratelimit-Remaining") != "3" {
		t.Fatalf("general group after the user group's limit changed: %v", h)
	}
}

// TestRateGroupOf: which paths the user group holds.
func TestRateGroupOf(t *testing.T) {
	for p, want := range map[string]rateGroup{
		"/v2.1/authorize": groupUser, "/v2.1/user": groupUser, "/v2.1/oauth/sign-in": groupUser,
		"/v2.1/oauth/complete": groupUser, "/v2.1/status": groupGeneral, "/v2.1/users": groupGeneral,
		"/v2.1/organizations/acme/users": groupGeneral, "/v2.1/authorize-more": groupGeneral, "/v2.1/oauthx": groupGeneral,
	} {
		if got := rateGroupOf(p); got != want {
			t.Errorf("rateGroupOf(%q) = %d, want %d", p, got, want)
		}
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
