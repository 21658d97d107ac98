package emulator

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestLatencyDelaysResponses(t *testing.T) {
	s := newTestServer(t)
	const d = 30 * time.Millisecond
	s.SetLatency(d)
	began := time.Now()
	call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, http.StatusOK)
	if elapsed := time.Since(began); elapsed < d {
		t.Fatalf("answered after %v, before the %v latency", elapsed, d)
	}
}

func TestLatencyGivesUpWithTheClient(t *testing.T) {
	// The server's cleanup waits for its handlers, so this test would hang
	// if the delay ignored the request's cancellation.
	s := newTestServer(t, WithLatency(time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/organizations", nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		done <- err
	}()
	for s.Stats().Total == 0 {
		time.Sleep(time.Millisecond) // wait until the request is inside the delay
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the request completed despite an hour of latency")
	}
}
