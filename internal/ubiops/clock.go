package ubiops

import (
	"context"
	"time"
)

// clock is the layers' view of time. Tests replace it to record the waits a
// layer asks for instead of spending them.
type clock struct {
	now func() time.Time
	// sleep waits d, or less when ctx ends first, in which case it returns
	// ctx's error.
	sleep func(ctx context.Context, d time.Duration) error
}

// realClock is the clock of every client built by NewClient.
var realClock = clock{now: time.Now, sleep: sleepContext}

// sleepContext waits d unless ctx ends first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
