package emulator

import (
	"context"
	"net/http"
	"time"
)

// serveAPI runs an API request through what stands between a client and
// UbiOps' handlers: counting, latency, the rate limiter and the fault
// injector, in the order a real deployment would apply them.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	if e.logger != nil {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		began := time.Now()
		defer func() {
			e.logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", time.Since(began))
		}()
		w = sw
	}
	e.stats.request(e.routeKey(r))
	if !e.delay(r.Context()) {
		return
	}
	decision := e.limiter.take(clientKey(r), e.clock())
	decision.setHeaders(w.Header())
	if !decision.allowed {
		e.stats.rateLimited()
		writeError(w, http.StatusTooManyRequests, "Rate limit exceeded")
		return
	}
	fault := e.faults.draw(isWrite(r.Method))
	switch {
	case fault == faultNone:
		e.serveRoute(w, r)
	case fault.afterCommit():
		e.stats.fault()
		e.serveRoute(newDiscardWriter(), r)
		fault.respond(w)
	default:
		e.stats.fault()
		fault.respond(w)
	}
}

// delay waits for the configured latency, giving up when the client does.
func (e *Emulator) delay(ctx context.Context) bool {
	d := time.Duration(e.latency.Load())
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
