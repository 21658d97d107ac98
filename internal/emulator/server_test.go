package emulator

import (
	"net/http/httptest"
	"testing"
)

// Server is, for this package's own tests, an Emulator behind an httptest.Server
// on 127.0.0.1, closed when the test ends; other packages use ubiopstest.NewServer.
// (Kept here because ubiopstest imports this package.)
type Server struct {
	*Emulator
	// URL is the API's base URL, including /v2.1.
	URL string
	// Token is the first seeded user's token (DefaultToken with the default
	// seed).
	Token string
}

// NewServer starts an emulator for t, failing the test if the options are
// invalid.
func NewServer(t testing.TB, opts ...func(*Options)) *Server {
	t.Helper()
	var o Options
	for _, apply := range opts {
		apply(&o)
	}
	e, err := New(o)
	if err != nil {
		t.Fatalf("emulator: %v", err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &Server{Emulator: e, URL: srv.URL + APIPrefix, Token: e.FirstToken()}
}
