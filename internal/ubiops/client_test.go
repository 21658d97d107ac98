package ubiops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// seenRequest is what the test server received.
type seenRequest struct {
	method, path, query, body, contentType, auth string
}

// newServerClient starts a server answering every request with status and
// body, and a client pointed at it; the returned function reports the last
// request the server saw.
func newServerClient(t testing.TB, status int, body string) (*Client, func() seenRequest) {
	t.Helper()
	seen := make(chan seenRequest, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		// RequestURI is what went over the wire, escaping included.
		p, q, _ := strings.Cut(r.RequestURI, "?")
		seen <- seenRequest{r.Method, p, q, string(b), r.Header.Get("Content-Type"), r.Header.Get("Authorization")}
		if status != http.StatusNoContent {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{Host: srv.URL + "/v2.1/", Token: "Token " + testToken, Retry: fastRetries})
	if err != nil {
		t.Fatal(err)
	}
	return c, func() seenRequest {
		select {
		case r := <-seen:
			return r
		default:
			t.Fatal("the server got no request")
			return seenRequest{}
		}
	}
}

const (
	orgJSON  = `{"id":"9a5b","name":"acme","creation_date":"2020-03-25T15:43:46.101877Z","status":"active","two_factor_authentication_forced":false}`
	userJSON = `{"id":"u-1","email":"Ann@Example.com","name":"Ann","surname":"Lee","admin":true,"status":"active"}`
)

var (
	org  = Organization{ID: "9a5b", Name: "acme", CreationDate: "2020-03-25T15:43:46.101877Z", Status: "active"}
	user = OrganizationUser{ID: "u-1", Email: "Ann@Example.com", Name: "Ann", Surname: "Lee", Admin: true, Status: "active"}
	yes  = true
)

func ptr[T any](v T) *T { return &v }

// operationTest is one API operation: the call, the request the server
// must see, its answer, and what the call must return.
type operationTest struct {
	name           string
	call           func(context.Context, *Client) (any, error)
	method, path   string
	query, reqBody string
	status         int
	respBody       string
	want           any
}

// odd is an organization name the API would refuse, but the client must
// still put it in one path segment; oddPath is how it must go over the wire.
const (
	odd     = "a b/c%d?e"
	oddPath = "/v2.1/organizations/a%20b%2Fc%25d%3Fe"
)

// runOperations runs each operation against a server that gives its answer,
// and checks the request the server saw and the value returned.
func runOperations(t *testing.T, tests []operationTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, last := newServerClient(t, tt.status, tt.respBody)
			got, err := tt.call(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			r := last()
			if r.method != tt.method || r.path != tt.path || r.query != tt.query {
				t.Errorf("server saw %s %s?%s, want %s %s?%s", r.method, r.path, r.query, tt.method, tt.path, tt.query)
			}
			if r.body != tt.reqBody {
				t.Errorf("body = %s, want %s", r.body, tt.reqBody)
			}
			if wantType := map[bool]string{true: "application/json", false: ""}[tt.reqBody != ""]; r.contentType != wantType {
				t.Errorf("Content-Type = %q, want %q", r.contentType, wantType)
			}
			if r.auth != "Token "+testToken {
				t.Errorf("Authorization = %q", r.auth)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestOperationsReturnAPIErrors(t *testing.T) {
	c, _ := newServerClient(t, 403, `{"detail":"You do not have permission to perform this action."}`)
	_, err := c.CreateOrganizationUser(context.Background(), "acme", OrganizationUserCreate{Email: "a@b.c"})
	want := "POST /organizations/acme/users: 403 Forbidden: You do not have permission to perform this action."
	if err == nil || err.Error() != want || !IsForbidden(err) {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestOperationsRejectUndecodableAnswers(t *testing.T) {
	c, _ := newServerClient(t, 200, `{"id": 5}`)
	if _, err := c.GetOrganization(context.Background(), "acme"); err == nil || !strings.Contains(err.Error(), "answered 200 OK, but the answer is not the expected JSON") || !IsBadAnswer(err) {
		t.Errorf("err = %v, want a decoding error", err)
	}
}

func TestNewClientChecksTheConfig(t *testing.T) {
	for _, cfg := range []Config{
		{Host: "api.ubiops.com", Token: testToken},
		{Host: "ftp://api.ubiops.com", Token: testToken},
		{Host: DefaultHost, Token: "Token  "},
	} {
		if _, err := NewClient(cfg); err == nil {
			t.Errorf("NewClient(%v) accepted it", cfg)
		}
	}
	if _, err := NewClient(Config{Token: testToken}); err != nil {
		t.Errorf("an empty host must mean the default: %v", err)
	}
}

// TestHungServerEndsWithTheContext: a server that never answers ends the
// call when its context does, and leaves no goroutine behind once the
// connection is gone. It runs in a synctest bubble over in-memory
// connections: the calls' deadlines pass on the bubble's clock as soon as
// everything waits, and synctest.Test fails if any goroutine of the client
// or the server is still blocked when the test ends.
func TestHungServerEndsWithTheContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stop := make(chan struct{})
		listener := newPipeListener()
		server := &http.Server{Handler: http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-stop:
			}
		})}
		served := make(chan error, 1)
		go func() { served <- server.Serve(listener) }()
		transport := &http.Transport{DialContext: listener.dial}
		client, err := NewClient(Config{Host: "http://127.0.0.1/v2.1", Token: "t", Transport: transport})
		if err != nil {
			t.Fatal(err)
		}
		for _, call := range []func(context.Context) error{
			func(ctx context.Context) error { _, err := client.GetOrganization(ctx, "acme"); return err },
			func(ctx context.Context) error {
				_, err := client.CreateOrganization(ctx, OrganizationCreate{Name: "acme"})
				return err
			},
		} {
			began := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			err := call(ctx)
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("got %v, want the context's deadline", err)
			}
			if waited := time.Since(began); waited != 100*time.Millisecond {
				t.Errorf("the call ended after %v, want when its context did (100ms)", waited)
			}
		}
		close(stop)
		_ = server.Close()
		transport.CloseIdleConnections()
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("the server stopped with %v", err)
		}
	})
}

// pipeListener is a net.Listener over in-memory connections (net.Pipe),
// which a synctest bubble can wait on, unlike sockets.
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

// dial connects to the listener, whatever the address; an http.Transport's
// DialContext.
func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.closed:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// TestCertificatesAreVerified: a server whose certificate no authority
// signed is refused at once, not retried, and never sees the request.
func TestCertificatesAreVerified(t *testing.T) {
	var served atomic.Int32
	server := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		served.Add(1)
		_, _ = w.Write([]byte(`{"id":"x","name":"acme"}`))
	}))
	defer server.Close()

	client, err := NewClient(Config{Host: server.URL + "/v2.1", Token: "secret-token-value"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.GetOrganization(context.Background(), "acme")
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("got %v, want a certificate verification error", err)
	}
	if strings.Contains(err.Error(), "secret-token-value") {
		t.Fatalf("the error holds the token: %v", err)
	}
	if n := served.Load(); n != 0 {
		t.Fatalf("the server answered %d requests", n)
	}
}

func TestCheckHost(t *testing.T) {
	for _, tt := range []struct {
		name        string
		status      int
		contentType string
		body        string
		// want is "" for success, else text the error must hold.
		want       string
		hostError  bool
		statusCode int
	}{
		{name: "UbiOps", status: 200, contentType: "application/json", body: `{"status": "ok"}`},
		{name: "missing /v2.1", status: 404, contentType: "text/html", body: "<html><body>Not Found</body></html>", hostError: true,
			want: `answered 404 Not Found (text/html) with "<html><body>Not Found</body></html>", where a UbiOps API v2.1 answers {"status": "ok"}`},
		{name: "another JSON", status: 200, contentType: "application/json", body: `{"healthy": true}`, hostError: true,
			want: `answered 200 OK (application/json) with "{\"healthy\": true}"`},
		{name: "another status", status: 200, contentType: "application/json", body: `{"status": "maintenance"}`, hostError: true,
			want: `"{\"status\": \"maintenance\"}"`},
		{name: "empty", status: 200, hostError: true, want: "answered 200 OK with an empty body"},
		{name: "login page", status: 401, contentType: "text/html", body: "<form>", hostError: true, want: "401 Unauthorized"},
		{name: "server trouble", status: 503, body: `{"error": "Down for maintenance."}`, statusCode: 503,
			want: "GET /status: 503 Service Unavailable: Down for maintenance."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var auths []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				auths = append(auths, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c, err := NewClient(Config{Host: srv.URL + "/v2.1", Token: testToken, Retry: fastRetries})
			if err != nil {
				t.Fatal(err)
			}
			err = c.CheckHost(context.Background())
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("CheckHost() = %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("CheckHost() = %v, want an error holding %q", err, tt.want)
			case IsHostCheckFailed(err) != tt.hostError || StatusCode(err) != tt.statusCode:
				t.Fatalf("CheckHost() = %#v: IsHostCheckFailed %v, status %d", err, IsHostCheckFailed(err), StatusCode(err))
			}
			if tt.hostError && !strings.Contains(err.Error(), srv.URL+"/v2.1/status") {
				t.Errorf("error %q does not name the URL asked", err)
			}
			for _, a := range auths {
				if a != "GET /v2.1/status " {
					t.Errorf("the host check sent %q; it must send GET /status without credentials", a)
				}
			}
		})
	}
}

// otherOrigin is a server that must never be reached; it counts the
// requests it gets and the credentials they carry.
func otherOrigin(t *testing.T) (*httptest.Server, func() (int32, string)) {
	t.Helper()
	var hits atomic.Int32
	var lastAuth atomic.Pointer[string]
	lastAuth.Store(new(string))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		auth := r.Header.Get("Authorization")
		lastAuth.Store(&auth)
		_, _ = io.WriteString(w, `{"id":"x","name":"acme","email":"a@b.c","access":"stolen-access-token","status":"ok"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, func() (int32, string) { return hits.Load(), *lastAuth.Load() }
}

func TestRedirectsAreNeverFollowed(t *testing.T) {
	target, reached := otherOrigin(t)
	calls := map[string]func(context.Context, *Client) error{
		"GET": func(ctx context.Context, c *Client) error { _, err := c.GetOrganization(ctx, "acme"); return err },
		"POST": func(ctx context.Context, c *Client) error {
			_, err := c.CreateOrganization(ctx, OrganizationCreate{Name: "acme"})
			return err
		},
		"DELETE":     func(ctx context.Context, c *Client) error { return c.DeleteOrganizationUser(ctx, "acme", "u-1") },
		"host check": func(ctx context.Context, c *Client) error { return c.CheckHost(ctx) },
	}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for name, call := range calls {
			for _, signIn := range []bool{false, true} {
				t.Run(fmt.Sprintf("%d %s sign-in %v", status, name, signIn), func(t *testing.T) {
					location := target.URL + "/v2.1/elsewhere"
					srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						w.Header().Set("Location", location)
						w.WriteHeader(status)
					}))
					defer srv.Close()
					cfg := Config{Host: srv.URL + "/v2.1", Token: testToken, Retry: fastRetries}
					if signIn {
						cfg = Config{Host: srv.URL + "/v2.1", Email: "ann@example.com", Password: "correct horse", Retry: fastRetries}
					}
					c, err := NewClient(cfg)
					if err != nil {
						t.Fatal(err)
					}
					err = call(context.Background(), c)
					if !IsRedirect(err) || !strings.Contains(err.Error(), "redirecting to "+location) {
						t.Fatalf("err = %v, want a redirect error naming %s", err, location)
					}
					if hits, auth := reached(); hits != 0 {
						t.Fatalf("the other origin got %d requests (last Authorization %q)", hits, auth)
					}
				})
			}
		}
	}
}

func TestSuccessAnswersMustHoldTheObject(t *testing.T) {
	calls := map[string]func(context.Context, *Client) error{
		"GET /organizations": func(ctx context.Context, c *Client) error { _, err := c.ListOrganizations(ctx); return err },
		"POST /organizations": func(ctx context.Context, c *Client) error {
			_, err := c.CreateOrganization(ctx, OrganizationCreate{Name: "acme"})
			return err
		},
		"GET /organizations/acme": func(ctx context.Context, c *Client) error { _, err := c.GetOrganization(ctx, "acme"); return err },
		"PATCH /organizations/acme": func(ctx context.Context, c *Client) error {
			_, err := c.UpdateOrganization(ctx, "acme", OrganizationUpdate{Name: ptr("acme")})
			return err
		},
		"GET /organizations/acme/resources": func(ctx context.Context, c *Client) error { _, err := c.GetResourceUsage(ctx, "acme"); return err },
		"GET /organizations/acme/usage": func(ctx context.Context, c *Client) error {
			_, err := c.GetUsage(ctx, "acme", UsageQuery{})
			return err
		},
		"GET /organizations/acme/users": func(ctx context.Context, c *Client) error { _, err := c.ListOrganizationUsers(ctx, "acme"); return err },
		"POST /organizations/acme/users": func(ctx context.Context, c *Client) error {
			_, err := c.CreateOrganizationUser(ctx, "acme", OrganizationUserCreate{Email: "a@b.c"})
			return err
		},
		"GET /organizations/acme/users/u-1": func(ctx context.Context, c *Client) error {
			_, err := c.GetOrganizationUser(ctx, "acme", "u-1")
			return err
		},
		"PATCH /organizations/acme/users/u-1": func(ctx context.Context, c *Client) error {
			_, err := c.UpdateOrganizationUser(ctx, "acme", "u-1", OrganizationUserUpdate{})
			return err
		},
		"GET /user": func(ctx context.Context, c *Client) error { _, err := c.CurrentUser(ctx); return err },
	}
	for request, call := range calls {
		for _, body := range []string{"", "  ", "null", `"ok"`} {
			t.Run(request+" "+body, func(t *testing.T) {
				c, _ := newServerClient(t, 200, body)
				err := call(context.Background(), c)
				if !IsBadAnswer(err) || !strings.HasPrefix(err.Error(), request+" answered 200 OK, but the answer is ") {
					t.Fatalf("err = %v, want the request and what is wrong with its answer", err)
				}
			})
		}
	}
	// Answers that decode but cannot be the object asked for.
	for _, tt := range []struct {
		request, body, want string
	}{
		{"GET /organizations", `[{"id":"9a5b","name":"acme"},{"id":"9a5c"}]`, "element 2 of the answer lacks the organization's name"},
		{"GET /organizations", `[null]`, "element 1 of the answer lacks the organization's id and name"},
		{"POST /organizations", `{}`, "the answer lacks the organization's id and name"},
		{"GET /organizations/acme", `{"id":null,"name":null}`, "the answer lacks the organization's id and name"},
		{"PATCH /organizations/acme", `{"id":"","name":"acme"}`, "the answer lacks the organization's id"},
		{"GET /organizations/acme/users", `[{"id":"u-1","email":""}]`, "element 1 of the answer lacks the member's email"},
		{"POST /organizations/acme/users", `{"email":"a@b.c"}`, "the answer lacks the member's id"},
		{"GET /organizations/acme/users/u-1", `{"id":"u-1"}`, "the answer lacks the member's email"},
		{"PATCH /organizations/acme/users/u-1", `{"admin":true}`, "the answer lacks the member's id and email"},
		{"GET /user", `{"id":"u-1","name":"Ann"}`, "the answer lacks the user's email"},
		{"GET /organizations/acme/usage", `[]`, "the answer is not the expected JSON"},
	} {
		t.Run(tt.request+" "+tt.body, func(t *testing.T) {
			c, _ := newServerClient(t, 200, tt.body)
			err := calls[tt.request](context.Background(), c)
			prefix, suffix := fmt.Sprintf("%s answered 200 OK, but %s", tt.request, tt.want), fmt.Sprintf(": %q", tt.body)
			if !IsBadAnswer(err) || !strings.HasPrefix(err.Error(), prefix) || !strings.HasSuffix(err.Error(), suffix) {
				t.Fatalf("err = %v\nwant %s...%s", err, prefix, suffix)
			}
			if !IsAmbiguous(err) {
				t.Error("a write with a broken answer may have taken effect: IsAmbiguous must say so")
			}
		})
	}
}

func TestAnswersAreReadUpToABound(t *testing.T) {
	// A real organization of 10,000 members is about 3 MB and is read.
	var members strings.Builder
	members.WriteString("[")
	for i := range 10000 {
		if i > 0 {
			members.WriteString(",")
		}
		fmt.Fprintf(&members, `{"id":"%08d-0000-4000-8000-000000000000","email":"member-%05d@example.com","name":"Member","surname":"Number %d","admin":false,"status":"active"}`, i, i, i)
	}
	members.WriteString("]")
	c, _ := newServerClient(t, 200, members.String())
	users, err := c.ListOrganizationUsers(context.Background(), "acme")
	if err != nil || len(users) != 10000 {
		t.Fatalf("%d members, err %v", len(users), err)
	}

	// A larger answer than any UbiOps sends is refused, however it goes on.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat(" ", 1<<20))
		for range 64 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	big, err := NewClient(Config{Host: srv.URL, Token: testToken, Retry: fastRetries})
	if err != nil {
		t.Fatal(err)
	}
	_, err = big.ListOrganizations(context.Background())
	if err == nil || err.Error() != "GET /organizations: the answer is larger than 32 MiB, far more than any UbiOps answer; it was not read further" {
		t.Fatalf("err = %v", err)
	}
}

func TestDrippingServerEndsWithTheContext(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		flusher := http.NewResponseController(w)
		for {
			if _, err := io.WriteString(w, " "); err != nil {
				return
			}
			_ = flusher.Flush()
			select {
			case <-r.Context().Done():
				return
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	defer srv.Close()
	defer close(stop)
	c, err := NewClient(Config{Host: srv.URL + "/v2.1", Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = c.ListOrganizations(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "reading the answer") {
		t.Fatalf("err = %v, want the context's deadline while reading the answer", err)
	}
}
