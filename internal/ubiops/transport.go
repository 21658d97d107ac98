package ubiops

import "net/http"

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "terraform-provider-ubiops/dev"

// newTransport stacks the layers every request passes through, outermost
// first: the user agent and the token are set once per request, retries
// re-send the request through pacing, so that every attempt, the first
// included, waits for an exhausted rate-limit window to reset.
func newTransport(cfg Config, token *secret) http.RoundTripper {
	base := cfg.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	logger := cfg.Logger
	if logger == nil {
		logger = discardLogger{}
	}
	userAgent := cfg.UserAgent
	if userAgent == "" {
		userAgent = DefaultUserAgent
	}
	policy := cfg.Retry.withDefaults()
	var rt http.RoundTripper = newPacingTransport(base, policy.MaxWait, logger)
	rt = newRetryTransport(rt, policy, logger)
	rt = &authTransport{next: rt, token: token}
	return &userAgentTransport{next: rt, userAgent: userAgent}
}

// withHeader returns a shallow copy of req with one header set: a
// RoundTripper must not change the request it was given, and the copy shares
// everything but the header map.
func withHeader(req *http.Request, key, value string) *http.Request {
	r := new(http.Request)
	*r = *req
	r.Header = req.Header.Clone()
	if r.Header == nil {
		r.Header = make(http.Header, 1)
	}
	r.Header.Set(key, value)
	return r
}
