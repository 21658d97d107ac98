package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is, for this package's own tests, what ubiopstest.Server is for
// other packages (which this package cannot import: ubiopstest imports it).
type Server struct {
	*Emulator
	// URL is the API's base URL, including /v2.1.
	URL string
	Credentials
}

// NewServer starts an emulator on 127.0.0.1 for t, closed when t ends.
func NewServer(t testing.TB, opts ...func(*Options)) *Server {
	t.Helper()
	e, err := NewWith(opts...)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &Server{Emulator: e, URL: srv.URL + APIPrefix, Credentials: e.Credentials()}
}

// freshClient opens a connection per request, so that Go's transport never
// silently retries a request whose connection the emulator dropped.
func freshClient() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
}

// attempt makes a request and reports its status, or 0 when the connection
// was dropped.
func attempt(t *testing.T, c *http.Client, s *Server, method, path, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.AccessToken)
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// Credentials of testSeed's users. The people's tokens are pre-issued access
// tokens (sent as Bearer); svcHeader is the service user's header.
const (
	adminToken  = "local-dev-token"
	bobToken    = "bob-token"   // a regular member of acme-ml
	eveToken    = "eve-token"   // a member of nothing
	staffToken  = "staff-token" // UbiOps staff, admin of acme-ml
	svcHeader   = "Token svc-token"
	tfaEmail    = "tfa@example.com" // signs in with a password and a TOTP code
	tfaPassword = "tfa-password"
	tfaSecret   = "JBSWY3DPEHPK3PXP"
	acmeCreated = "2026-01-15T09:00:00Z"
	// bobRegistered is bob's registration_date.
	bobRegistered = "2025-06-01T08:30:00Z"
	// ssoEmail signs in only through Google single sign-on: no password.
	ssoEmail = "gail@example.com"
	ssoToken = "gail-token"
)

// testSeed is acme-ml with an admin, a member, a staff admin, two live
// projects and a deleted one, plus three people outside it (one signs in with
// two factors, one through single sign-on), and a service user.
func testSeed(t testing.TB) *Seed {
	t.Helper()
	s, err := ParseSeed([]byte(`{
	  "users": [
	    {"email": "admin@example.com", "name": "Ada", "surname": "Admin", "token": "local-dev-token"},
	    {"email": "bob@example.com", "name": "Bob", "surname": "B", "token": "bob-token", "registration_date": "` + bobRegistered + `"},
	    {"email": "eve@example.com", "name": "Eve", "surname": "E", "token": "Token eve-token"},
	    {"email": "staff@example.com", "name": "Sam", "surname": "Staff", "token": "staff-token", "staff": true},
	    {"email": "tfa@example.com", "name": "Tia", "surname": "Two", "password": "tfa-password", "totp_secret": "JBSWY3DPEHPK3PXP"},
	    {"email": "svc@example.com", "name": "ci", "service": true, "token": "Token svc-token"},
	    {"email": "gail@example.com", "name": "Gail", "surname": "G", "sign_in_provider": "google", "token": "gail-token"}
	  ],
	  "organizations": [{
	    "name": "acme-ml", "id": "11111111-1111-4111-8111-111111111111", "subscription": "professional",
	    "subscription_start_date": "2026-01-15", "subscription_end_date": "2027-01-15",
	    "creation_date": "` + acmeCreated + `",
	    "members": [{"email": "admin@example.com", "admin": true}, {"email": "bob@example.com", "admin": false},
	                {"email": "staff@example.com", "admin": true}],
	    "projects": [
	      {"id": "p1", "name": "fraud-detection", "deployments": 3, "deployment_versions": 5, "pipelines": 1,
	       "pipeline_versions": 2, "buckets": 1, "environments": 2,
	       "usage": [{"credits_per_hour": 2.5, "start": "2026-11-01T00:00:00Z", "end": "2026-11-03T12:00:00Z"}]},
	      {"id": "p2", "name": "churn", "deployments": 1, "buckets": 2,
	       "usage": [{"credits_per_hour": 1, "start": "2026-10-31T12:00:00Z", "end": "2026-11-02T00:00:00Z"}]},
	      {"id": "p3", "name": "gone", "deleted": true, "deployments": 7,
	       "usage": [{"credits_per_hour": 4, "start": "2026-11-01T06:00:00Z", "end": "2026-11-01T18:00:00Z"}]}
	    ]
	  }]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fakeClock is a settable clock safe for concurrent use.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock(now string) *fakeClock {
	t, err := time.Parse(time.RFC3339Nano, now)
	if err != nil {
		panic(err)
	}
	return &fakeClock{now: t}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newTestServer is the usual server: testSeed at a fixed time.
func newTestServer(t *testing.T, opts ...func(*Options)) *Server {
	t.Helper()
	clock := newFakeClock("2026-12-01T10:00:00Z")
	return NewServer(t, append([]func(*Options){WithSeed(testSeed(t)), WithClock(clock.Now)}, opts...)...)
}

// response is an answer with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// authorization is the header that sends token: a bare token is a person's
// access token ("Bearer <token>"); anything with a space is sent as it is
// ("Token <service token>", malformed headers).
func authorization(token string) string {
	if strings.Contains(token, " ") {
		return token
	}
	return "Bearer " + token
}

// call makes one request with a plain net/http client. body is sent raw when
// it is a string, as JSON otherwise, and not at all when nil.
func call(t *testing.T, s *Server, method, path, token string, body any) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", authorization(token))
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return do(t, req)
}

// do sends req with a plain net/http client and reads the answer.
func do(t *testing.T, req *http.Request) response {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}
}

// decode unmarshals the body into v, failing the test on invalid JSON.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
}

// object decodes the body as a JSON object.
func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

// expect fails the test unless the status is want.
func (r response) expect(t *testing.T, want int) response {
	t.Helper()
	if r.status != want {
		t.Fatalf("status = %d, want %d; body %s", r.status, want, r.body)
	}
	return r
}

// keys returns an object's keys, to compare a model's shape.
func keys(m map[string]any) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// sameKeys fails unless m has exactly the want keys.
func sameKeys(t *testing.T, m map[string]any, want ...string) {
	t.Helper()
	got := keys(m)
	if len(got) != len(want) {
		t.Fatalf("keys = %v, want %v", got, want)
	}
	for _, k := range want {
		if !got[k] {
			t.Fatalf("keys = %v, want %v", got, want)
		}
	}
}
