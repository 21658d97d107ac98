// Package ubiopstest starts UbiOps API emulators for tests, as net/http/httptest
// starts servers: each one listens on 127.0.0.1 and closes when its test ends.
// It is the only part of the emulator that links the testing package; the
// emulator itself lives in package emulator, which the emulator command
// imports.
package ubiopstest

import (
	"net/http/httptest"
	"testing"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
)

// Server is an Emulator behind an httptest.Server on 127.0.0.1, closed when
// the test ends.
type Server struct {
	*emulator.Emulator
	// URL is the API's base URL, including /v2.1.
	URL string
	// Token is the first seeded user's token (emulator.DefaultToken with the
	// default seed).
	Token string
}

// NewServer starts an emulator for t, failing the test if the options are
// invalid. The options are emulator.WithSeed, emulator.WithRateLimit and
// their siblings.
func NewServer(t testing.TB, opts ...func(*emulator.Options)) *Server {
	t.Helper()
	e, err := emulator.NewWith(opts...)
	if err != nil {
		t.Fatalf("ubiopstest: %v", err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &Server{Emulator: e, URL: srv.URL + emulator.APIPrefix, Token: e.FirstToken()}
}
