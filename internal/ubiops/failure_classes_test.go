package ubiops

import (
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// failureClasses names each class the provider words on its own, by its
// predicate.
var failureClasses = map[string]func(error) bool{
	"certificate": IsCertificateError,
	"too large":   IsAnswerTooLarge,
	"timeout":     IsTimeout,
	"expired":     IsTokenExpired,
}

// assertClass checks that err belongs to the class want and to no other.
func assertClass(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	for name, is := range failureClasses {
		if got := is(err); got != (name == want) {
			t.Errorf("%s: Is %s = %v for %v", want, name, got, err)
		}
	}
}

// clientOf is a client of srv with a service token.
func clientOf(t *testing.T, srv *httptest.Server) *Client {
	t.Helper()
	c, err := NewClient(Config{Host: srv.URL + "/v2.1", Token: "Token " + testToken, Retry: fastRetries})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCertificateFailureIsItsOwnClass: a host whose certificate is not
// trusted is a certificate failure, tried once (it would recur).
func TestCertificateFailureIsItsOwnClass(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { requests.Add(1) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, err := clientOf(t, srv).ListOrganizations(context.Background())
	assertClass(t, err, "certificate")
	if !strings.Contains(err.Error(), "certificate signed by unknown authority") || requests.Load() != 0 {
		t.Fatalf("err = %v after %d requests", err, requests.Load())
	}
}

// TestOversizeAnswerIsItsOwnClass: an answer beyond 32 MiB is not read on,
// and says so.
func TestOversizeAnswerIsItsOwnClass(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		chunk := []byte(strings.Repeat(" ", 1<<20))
		for range 33 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	_, err := clientOf(t, srv).ListOrganizations(context.Background())
	assertClass(t, err, "too large")
	if !strings.Contains(err.Error(), "GET /organizations: the answer is larger than 32 MiB") {
		t.Fatalf("err = %v", err)
	}
}

// TestTimeoutIsItsOwnClass: a call whose deadline passes before an answer,
// and a network timeout, are timeouts.
func TestTimeoutIsItsOwnClass(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(stop) })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := clientOf(t, srv).ListOrganizations(ctx)
	assertClass(t, err, "timeout")
	assertClass(t, &ConnectError{Host: "api.test", Err: netTimeout{}}, "timeout")
}

// netTimeout is a network error that timed out.
type netTimeout struct{}

func (netTimeout) Error() string   { return "i/o timeout" }
func (netTimeout) Timeout() bool   { return true }
func (netTimeout) Temporary() bool { return true }

// TestExpiredTokenIsItsOwnClass: a 401 that says the token expired is told
// apart from one for a token UbiOps does not know, and from other statuses.
func TestExpiredTokenIsItsOwnClass(t *testing.T) {
	c, _ := newServerClient(t, 401, `{"error": "Invalid token: the access token has expired. Sign in again."}`)
	_, err := c.ListOrganizations(context.Background())
	assertClass(t, err, "expired")
	for _, other := range []error{
		&APIError{StatusCode: 401, Message: "Invalid token."},
		&APIError{StatusCode: 403, Message: "Your subscription has expired."},
		errors.New("expired"),
	} {
		if IsTokenExpired(other) {
			t.Errorf("IsTokenExpired(%v) = true", other)
		}
	}
}
