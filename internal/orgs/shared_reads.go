package orgs

import (
	"context"
	"sync"
	"time"
)

// sharedReadTTL bounds how long one answer serves reads. A refresh reads all
// of an organization's memberships within moments of each other; the bound
// keeps a long apply from acting on an old answer.
const sharedReadTTL = 10 * time.Second

// sharedReads lets many readers of the same thing share one request: every
// membership of an organization is refreshed from a single list of its
// members instead of one request each. Concurrent readers wait for the one
// request in flight; an answer serves for sharedReadTTL; errors are not
// kept; invalidate makes the next read fetch afresh (after any write).
type sharedReads[T any] struct {
	fetch func(ctx context.Context, key string) (T, error)
	now   func() time.Time
	// ttl is how long an answer serves; 0 keeps it for the provider's run.
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]*sharedRead[T]
}

type sharedRead[T any] struct {
	done    chan struct{}
	fetched time.Time
	value   T
	err     error
}

func newSharedReads[T any](fetch func(ctx context.Context, key string) (T, error)) *sharedReads[T] {
	return &sharedReads[T]{fetch: fetch, now: time.Now, ttl: sharedReadTTL, entries: map[string]*sharedRead[T]{}}
}

// forRun keeps every answer for the rest of the provider's run (one plan or
// one apply), for facts that only a write changes, and a write invalidates.
func (s *sharedReads[T]) forRun() *sharedReads[T] {
	s.ttl = 0
	return s
}

// get returns the value for key, fetching it unless a fresh answer or a
// request in flight can serve.
func (s *sharedReads[T]) get(ctx context.Context, key string) (T, error) {
	s.mu.Lock()
	entry, ok := s.entries[key]
	if ok {
		select {
		case <-entry.done:
			ok = entry.err == nil && (s.ttl == 0 || s.now().Sub(entry.fetched) <= s.ttl)
		default: // in flight: wait for it below
		}
	}
	if !ok {
		entry = &sharedRead[T]{done: make(chan struct{})}
		s.entries[key] = entry
		s.mu.Unlock()
		entry.value, entry.err = s.fetch(ctx, key)
		entry.fetched = s.now()
		close(entry.done)
		if entry.err != nil {
			s.forget(key, entry)
		}
		return entry.value, entry.err
	}
	s.mu.Unlock()
	select {
	case <-entry.done:
		if entry.err != nil && ctx.Err() == nil {
			// The request belonged to another reader, whose context may
			// have ended; this reader still has time to try its own.
			return s.get(ctx, key)
		}
		return entry.value, entry.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// invalidate makes the next read of key fetch afresh.
func (s *sharedReads[T]) invalidate(key string) {
	s.mu.Lock()
	delete(s.entries, key)
	s.mu.Unlock()
}

func (s *sharedReads[T]) forget(key string, entry *sharedRead[T]) {
	s.mu.Lock()
	if s.entries[key] == entry {
		delete(s.entries, key)
	}
	s.mu.Unlock()
}
