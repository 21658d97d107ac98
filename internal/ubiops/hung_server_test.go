package ubiops

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

// TestHungServerEndsWithTheContext: a server that never answers ends the
// call when its context does, and leaves no goroutine behind once the
// connection is gone. Not parallel: it counts the process's goroutines.
func TestHungServerEndsWithTheContext(t *testing.T) {
	before := runtime.NumGoroutine()

	stop := make(chan struct{})
	server := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}))
	transport := &http.Transport{}
	client, err := NewClient(Config{Host: server.URL + "/v2.1", Token: "t", Transport: transport})
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
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		err := call(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want the context's deadline", err)
		}
	}
	close(stop)
	server.Close()
	transport.CloseIdleConnections()

	// Goroutines end asynchronously; wait for the count to settle rather
	// than timing anything.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines before, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}
