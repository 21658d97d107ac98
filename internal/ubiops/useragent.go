package ubiops

import "net/http"

// userAgentTransport names the program in every request, so UbiOps can tell
// the provider's traffic apart.
type userAgentTransport struct {
	next      http.RoundTripper
	userAgent string
}

// RoundTrip sends a copy of req with its User-Agent set.
func (t *userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(withHeader(req, "User-Agent", t.userAgent))
}
