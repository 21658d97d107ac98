package ubiops

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"
)

func TestUserAgentSetOnACopy(t *testing.T) {
	next := &script{steps: []step{reply(200, "")}}
	rt := &userAgentTransport{next: next, userAgent: "terraform-provider-ubiops/1.2.3"}
	req := newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations", "")
	req.Header.Set("User-Agent", "caller")
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if got := next.seen[0].Header.Get("User-Agent"); got != "terraform-provider-ubiops/1.2.3" {
		t.Errorf("server saw User-Agent %q", got)
	}
	if got := req.Header.Get("User-Agent"); got != "caller" {
		t.Errorf("the caller's request was changed: User-Agent %q", got)
	}
}

func TestNewTransportStacksEveryLayer(t *testing.T) {
	next := &script{steps: []step{
		reply(503, ""), reply(200, "", headerRemaining, "10", headerReset, "30"),
	}}
	cfg := Config{Token: testToken, Transport: next, Retry: RetryPolicy{MinBackoff: 1, MaxBackoff: 1}}.withDefaults()
	rt, _ := newStacks(cfg, CredentialServiceToken, &url.URL{Scheme: "http", Host: "api.test"}, &redactor{}, newPacer(time.Minute, discardLogger{}))
	resp, err := rt.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations", ""))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if next.attempts() != 2 {
		t.Fatalf("attempts = %d, want 2 (a 503 GET is retried)", next.attempts())
	}
	for _, r := range next.seen {
		if r.Header.Get("User-Agent") != DefaultUserAgent || r.Header.Get("Authorization") != "Token "+testToken {
			t.Errorf("attempt sent headers %v", r.Header)
		}
	}
}

func newTestPacing(maxWait time.Duration, steps ...step) (*pacingTransport, *script, *fakeClock) {
	next := &script{steps: steps}
	fc := newFakeClock()
	p := newPacingTransport(next, newPacer(maxWait, &recordingLogger{}))
	p.clock = fc.clock()
	return p, next, fc
}

func send(t *testing.T, rt http.RoundTripper) {
	t.Helper()
	resp, err := rt.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations", ""))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
}

func TestPacingWaitsForTheResetWhenExhausted(t *testing.T) {
	p, next, fc := newTestPacing(time.Minute,
		reply(200, "", headerRemaining, "1", headerReset, "30"),
		reply(200, "", headerRemaining, "0", headerReset, "30"),
		reply(200, "", headerRemaining, "299", headerReset, "60"),
	)
	send(t, p) // one left: no reason to hold back
	send(t, p) // the last one: the next must wait
	if got := fc.recorded(); len(got) != 0 {
		t.Fatalf("waited %v before the window was exhausted", got)
	}
	fc.advance(10 * time.Second)
	send(t, p)
	send(t, p)
	if got := fc.recorded(); !equalWaits(got, []time.Duration{20 * time.Second}) {
		t.Errorf("waits = %v, want [20s]: the rest of the 30s window, once", got)
	}
	if next.attempts() != 4 {
		t.Errorf("attempts = %d, want 4", next.attempts())
	}
	rec, ok := p.logger.(*recordingLogger)
	if !ok {
		t.Fatalf("logger is a %T, want *recordingLogger", p.logger)
	}
	logged := rec.all()
	want := map[string]any{"method": "GET", "path": "/v2.1/organizations", "reason": "rate-limit window exhausted", "wait": "20s"}
	if len(logged) != 1 || fmt.Sprint(logged[0].fields) != fmt.Sprint(want) {
		t.Errorf("logged %+v, want one wait with %v", logged, want)
	}
}

// TestPacingCountsWhatItSends: the requests sent since an answer count
// against the requests it said were left, so the window is not overdrawn
// even when no answer says "0 left".
func TestPacingCountsWhatItSends(t *testing.T) {
	p, next, fc := newTestPacing(time.Minute,
		reply(200, "", headerRemaining, "3", headerReset, "30"),
		reply(200, ""), reply(200, ""), reply(200, ""), reply(200, ""),
	)
	for range 4 {
		send(t, p) // the answer's request and the three it left room for
	}
	if got := fc.recorded(); len(got) != 0 {
		t.Fatalf("waited %v with requests left in the window", got)
	}
	send(t, p)
	if got := fc.recorded(); !equalWaits(got, []time.Duration{30 * time.Second}) || next.attempts() != 5 {
		t.Errorf("waits = %v after %d attempts, want [30s] before the fifth", got, next.attempts())
	}
}

// TestPacingCountsRequestsInFlight: an answer does not know of the requests
// sent after its own; they are taken off what it says is left.
func TestPacingCountsRequestsInFlight(t *testing.T) {
	p, _, fc := newTestPacing(time.Minute)
	var seqs []uint64
	for range 3 {
		seq, wait := p.take(groupGeneral)
		if wait != 0 {
			t.Fatalf("waited %v with nothing known of the window", wait)
		}
		seqs = append(seqs, seq)
	}
	// The first request's answer: 2 left, but the second and third went out
	// after it.
	p.observe(groupGeneral, &http.Response{StatusCode: http.StatusOK, Header: http.Header{
		headerRemaining: {"2"}, headerReset: {"30"},
	}}, seqs[0])
	if _, wait := p.take(groupGeneral); wait != 30*time.Second {
		t.Errorf("wait = %v, want 30s: the two left went to the requests in flight", wait)
	}
	// An answer that arrives late and says more is left changes nothing.
	p.observe(groupGeneral, &http.Response{StatusCode: http.StatusOK, Header: http.Header{
		headerRemaining: {"5"}, headerReset: {"30"},
	}}, seqs[1])
	if _, wait := p.take(groupGeneral); wait == 0 {
		t.Error("a late answer refilled the window")
	}
	// Once the window resets, nothing holds requests back.
	fc.advance(30 * time.Second)
	if _, wait := p.take(groupGeneral); wait != 0 {
		t.Errorf("wait = %v after the window reset", wait)
	}
}

func TestPacingAfterA429(t *testing.T) {
	p, _, fc := newTestPacing(time.Minute,
		reply(429, "", headerRetryAfter, "5", headerReset, "30"),
		reply(200, ""),
	)
	send(t, p)
	send(t, p)
	if got := fc.recorded(); !equalWaits(got, []time.Duration{5 * time.Second}) {
		t.Errorf("waits = %v, want [5s] as Retry-After said", got)
	}
}

func TestPacingIgnoresUnusableHeaders(t *testing.T) {
	for _, headers := range [][]string{
		nil,
		{headerRemaining, "0"},
		{headerRemaining, "0", headerReset, "soon"},
		{headerRemaining, "many", headerReset, "30"},
		{headerRemaining, "0", headerReset, "-3"},
	} {
		p, _, fc := newTestPacing(time.Minute, reply(200, "", headers...))
		send(t, p)
		send(t, p)
		if got := fc.recorded(); len(got) != 0 {
			t.Errorf("headers %v: waited %v", headers, got)
		}
	}
}

func TestPacingDoesNotWaitBeyondTheLimit(t *testing.T) {
	p, next, fc := newTestPacing(time.Minute, reply(200, "", headerRemaining, "0", headerReset, "3600"))
	send(t, p)
	send(t, p)
	if got := fc.recorded(); len(got) != 0 || next.attempts() != 2 {
		t.Errorf("waited %v; a wait beyond the limit is left to the retry layer", got)
	}
}

func TestPacingWaitEndsWithTheContext(t *testing.T) {
	p, next, _ := newTestPacing(time.Minute, reply(200, "", headerRemaining, "0", headerReset, "50"))
	p.clock.sleep = sleepContext
	send(t, p)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	resp, err := p.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/x", "").WithContext(ctx))
	closeBody(resp)
	if !errors.Is(err, context.Canceled) || next.attempts() != 1 {
		t.Errorf("err = %v after %d attempts, want context.Canceled and no request sent", err, next.attempts())
	}
}

func TestPacingSharedAcrossConcurrentRequests(t *testing.T) {
	p, next, fc := newTestPacing(time.Minute, reply(200, "", headerRemaining, "0", headerReset, "30"))
	send(t, p)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			resp, err := p.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/x", ""))
			if err == nil {
				_ = resp.Body.Close()
			}
		})
	}
	wg.Wait()
	if next.attempts() != 21 {
		t.Errorf("attempts = %d, want 21", next.attempts())
	}
	if len(fc.recorded()) == 0 {
		t.Error("no request waited for the exhausted window")
	}
	for _, w := range fc.recorded() {
		if w > 30*time.Second {
			t.Errorf("waited %v, longer than the server asked", w)
		}
	}
}
