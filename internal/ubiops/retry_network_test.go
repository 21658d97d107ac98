package ubiops

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// fastRetries keeps real waits tiny in tests that go through the network.
var fastRetries = RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond}

// closedAddress returns an address nothing listens on, so dialing it is
// refused.
func closedAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	// The address is only useful once nothing listens on it any more.
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func TestRetryPostAfterRefusedConnection(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"1","name":"acme"}`))
	}))
	defer srv.Close()
	refusedAddr := closedAddress(t)
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
