package ubiops

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

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
