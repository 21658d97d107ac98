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
	// Credentials hold the fields tests sign in with: Email and Password
	// (the first seeded person's), AccessToken (that person's access token,
	// sent as "Authorization: Bearer <AccessToken>") and ServiceToken (the
	// first service user's, sent as "Authorization: Token <ServiceToken>").
	// With the default seed they are emulator.DefaultEmail,
	// DefaultPassword, DefaultAccessToken and DefaultServiceToken.
	emulator.Credentials
}

// NewServer starts an emulator for t, failing the test if the options are
// invalid. The options are emulator.WithSeed, emulator.WithRateLimit and
// their siblings. When the seed pre-issues no access token for the first
// person, AccessToken is one issued at start, which expires after the
// access-token TTL like a signed-in one.
func NewServer(t testing.TB, opts ...func(*emulator.Options)) *Server {
	t.Helper()
	e, err := emulator.NewWith(opts...)
	if err != nil {
		t.Fatalf("ubiopstest: %v", err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	s := &Server{Emulator: e, URL: srv.URL + emulator.APIPrefix, Credentials: e.Credentials()}
	if s.AccessToken == "" && s.Email != "" {
		if s.AccessToken, err = e.IssueAccessToken(s.Email); err != nil {
			t.Fatalf("ubiopstest: %v", err)
		}
	}
	return s
}
