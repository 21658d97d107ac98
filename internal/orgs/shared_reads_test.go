package orgs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// countingFetch counts calls and can hold them until released.
type countingFetch struct {
	calls   atomic.Int32
	release chan struct{}
	err     error
}

func (f *countingFetch) fetch(_ context.Context, key string) (string, error) {
	n := f.calls.Add(1)
	if f.release != nil {
		<-f.release
	}
	if f.err != nil {
		return "", f.err
	}
	return fmt.Sprintf("%s#%d", key, n), nil
}

// The shared-read tests run in a synctest bubble: synctest.Wait returns once
// every goroutine of the test is blocked, so a test knows that its readers
// are waiting for the request in flight instead of guessing how long that
// takes.

func TestSharedReadsConcurrentReadersShareOneRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &countingFetch{release: make(chan struct{})}
		reads := newSharedReads(f.fetch)
		var wg sync.WaitGroup
		results := make([]string, 50)
		for i := range results {
			wg.Go(func() { results[i], _ = reads.get(context.Background(), "acme") })
		}
		// Every reader is now either inside the one request or waiting for it.
		synctest.Wait()
		if n := f.calls.Load(); n != 1 {
			t.Errorf("%d requests in flight for 50 readers, want 1", n)
		}
		close(f.release)
		wg.Wait()
		if n := f.calls.Load(); n != 1 {
			t.Fatalf("%d requests, want 1", n)
		}
		for _, r := range results {
			if r != "acme#1" {
				t.Fatalf("a reader got %q, want acme#1", r)
			}
		}
	})
}

func TestSharedReadsExpireAndInvalidate(t *testing.T) {
	f := &countingFetch{}
	reads := newSharedReads(f.fetch)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	reads.now = func() time.Time { return now }
	ctx := context.Background()

	first, _ := reads.get(ctx, "acme")
	again, _ := reads.get(ctx, "acme")
	if first != "acme#1" || again != "acme#1" {
		t.Fatalf("got %q then %q, want the first answer twice", first, again)
	}
	if other, _ := reads.get(ctx, "beta"); other != "beta#2" {
		t.Fatalf("another key got %q, want its own request", other)
	}
	now = now.Add(sharedReadTTL + time.Second)
	if expired, _ := reads.get(ctx, "acme"); expired != "acme#3" {
		t.Fatalf("after the TTL got %q, want a new request", expired)
	}
	reads.invalidate("acme")
	if fresh, _ := reads.get(ctx, "acme"); fresh != "acme#4" {
		t.Fatalf("after invalidate got %q, want a new request", fresh)
	}
}

func TestSharedReadsDoNotKeepErrors(t *testing.T) {
	f := &countingFetch{err: errors.New("503")}
	reads := newSharedReads(f.fetch)
	if _, err := reads.get(context.Background(), "acme"); err == nil {
		t.Fatal("want the fetch error")
	}
	f.err = nil
	if got, err := reads.get(context.Background(), "acme"); err != nil || got != "acme#2" {
		t.Fatalf("after an error got %q, %v; want a new request", got, err)
	}
}

func TestSharedReadsWaiterGivesUpWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &countingFetch{release: make(chan struct{})}
		reads := newSharedReads(f.fetch)
		first := make(chan string)
		go func() {
			got, _ := reads.get(context.Background(), "acme")
			first <- got
		}()
		synctest.Wait() // the first reader's request is in flight
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := reads.get(ctx, "acme"); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		// The reader that gave up did not disturb the one whose request it was.
		close(f.release)
		if got := <-first; got != "acme#1" {
			t.Fatalf("the first reader got %q, want acme#1", got)
		}
	})
}
