package ubiops

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"
)

// retryDecision says whether and after how long to try again.
type retryDecision struct {
	ok bool
	// reason is the failure in a few words, for the log.
	reason string
	// wait is what the server asked for, unless useBackoff is set.
	wait       time.Duration
	useBackoff bool
}

// classify decides whether the outcome of one attempt is worth another.
//
// A 429 is retried for every method: the server turned the request away
// before doing anything. A 5xx or lost connection is retried only for
// methods that can safely run twice, and for any method that provably never
// left the client; a POST that may have reached the server is left for the
// caller, who can look the object up instead of creating it twice. A 500 is
// retried like a 502: under load UbiOps' 500s pass, and a bounded retry of
// an idempotent request costs little.
func (t *retryTransport) classify(req *http.Request, resp *http.Response, unsent bool, err error) retryDecision {
	if err != nil {
		if req.Context().Err() != nil || !isTransient(err) || (!unsent && !isIdempotent(req.Method)) {
			return retryDecision{}
		}
		return retryDecision{ok: true, reason: failureReason(err), useBackoff: true}
	}
	now := t.clock.now()
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		if d, ok := retryAfter(resp.Header, now); ok {
			return retryDecision{ok: true, reason: "429 rate limited", wait: d}
		}
		if d, ok := rateLimitReset(resp.Header); ok {
			return retryDecision{ok: true, reason: "429 rate limited", wait: d + t.resetMargin}
		}
		return retryDecision{ok: true, reason: "429 rate limited", useBackoff: true}
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if !isIdempotent(req.Method) {
			return retryDecision{}
		}
		reason := fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
		if d, ok := retryAfter(resp.Header, now); ok {
			return retryDecision{ok: true, reason: reason, wait: d}
		}
		return retryDecision{ok: true, reason: reason, useBackoff: true}
	}
	return retryDecision{}
}

// isIdempotent reports whether sending a request with this method twice
// does no more than sending it once. The API's PATCH operations set fields
// to given values, so they qualify.
func isIdempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// isTransient reports whether a transport error may pass: a certificate the
// client rejects will be rejected again, a dropped connection may not drop
// again.
func isTransient(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		authority x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	case errors.As(err, &verify), errors.As(err, &authority), errors.As(err, &hostname), errors.As(err, &invalid):
		return false
	}
	return true
}

// failureReason names a transport error in a few words for the log.
func failureReason(err error) string {
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.EPIPE):
		return "connection closed"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	}
	return err.Error()
}
