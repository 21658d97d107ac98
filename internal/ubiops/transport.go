package ubiops

import "net/http"

// newTransport stacks the layers every request passes through, outermost
// first.
func newTransport(cfg Config) http.RoundTripper {
	return cfg.Transport
}
