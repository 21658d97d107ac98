package ubiops

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Headers through which the server says how long to hold off.
const (
	headerRetryAfter = "Retry-After"
	headerRemaining  = "X-Ratelimit-Remaining"
	headerReset      = "X-Ratelimit-Reset"
)

// maxHeaderWait bounds any wait read from a header, so that an absurd value
// cannot overflow a time.Duration; the retry budget caps real waits anyway.
const maxHeaderWait = 24 * time.Hour

// retryAfter reads Retry-After, which is either a number of seconds or an
// HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get(headerRetryAfter))
	if v == "" {
		return 0, false
	}
	if d, ok := parseSeconds(v); ok {
		return d, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(at.Sub(now), 0), maxHeaderWait), true
}

// rateLimitReset reads x-ratelimit-reset: the seconds until the rate-limit
// window resets.
func rateLimitReset(h http.Header) (time.Duration, bool) {
	return parseSeconds(strings.TrimSpace(h.Get(headerReset)))
}

// rateLimitExhausted reports whether x-ratelimit-remaining says no request is
// left in the current window.
func rateLimitExhausted(h http.Header) bool {
	v := strings.TrimSpace(h.Get(headerRemaining))
	if v == "" {
		return false
	}
	n, err := strconv.ParseFloat(v, 64)
	return err == nil && n <= 0
}

// parseSeconds reads a non-negative number of seconds; fractions are
// accepted because nothing promises whole seconds.
func parseSeconds(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	s, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(s) || s < 0 {
		return 0, false
	}
	if s >= maxHeaderWait.Seconds() {
		return maxHeaderWait, true
	}
	return time.Duration(s * float64(time.Second)), true
}
