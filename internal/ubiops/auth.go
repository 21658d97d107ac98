package ubiops

import "net/http"

// authTransport authenticates every request with the configured credential
// (an API token or an access token).
type authTransport struct {
	next  http.RoundTripper
	token *secret
}

// RoundTrip sends a copy of req with its Authorization header set.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(withHeader(req, "Authorization", t.token.header()))
}
