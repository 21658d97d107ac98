package ubiops_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/emulator"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// TestNewAccessToken_signIn: a client that signs in hands out a fresh
// access token of its own sign-in, which UbiOps accepts until it expires.
func TestNewAccessToken_signIn(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64
	srv := ubiopstest.NewServer(t, emulator.WithAccessTokenTTL(time.Hour),
		emulator.WithClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }))
	ctx := context.Background()
	c := signInClient(t, srv, srv.Email, srv.Password, "")
	if _, err := c.CurrentUser(ctx); err != nil { // the client's own session
		t.Fatal(err)
	}

	before := time.Now()
	token, err := c.NewAccessToken(ctx)
	after := time.Now()
	if err != nil {
		t.Fatalf("NewAccessToken: %v", err)
	}
	if !token.SignedIn || token.Value() == "" {
		t.Fatalf("token = %+v, want a signed-in token with a value", token)
	}
	if n := srv.Stats().Count("POST /authorize"); n != 2 {
		t.Errorf("signed in %d times, want 2 (the session's and the token's own)", n)
	}
	if lo, hi := before.Add(ubiops.AssumedAccessTokenLifetime), after.Add(ubiops.AssumedAccessTokenLifetime); token.Expires.Before(lo) || token.Expires.After(hi) {
		t.Errorf("Expires = %s, want between %s and %s", token.Expires, lo, hi)
	}
	issued := srv.IssuedAccessTokens()
	if !contains(issued, token.Value()) {
		t.Errorf("the emulator never issued the token")
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if printed := fmt.Sprintf(verb, token); strings.Contains(printed, token.Value()) {
			t.Errorf("%s prints the token: %s", verb, printed)
		}
	}

	user, err := c.CheckAccessToken(ctx, token)
	if err != nil || user.Email != srv.Email {
		t.Fatalf("CheckAccessToken = %+v, %v; want the signed-in person", user, err)
	}
	offset.Store(int64(2 * time.Hour)) // the token expired
	_, err = c.CheckAccessToken(ctx, token)
	if !ubiops.IsUnauthorized(err) {
		t.Fatalf("CheckAccessToken after expiry: err = %v, want a 401", err)
	}
	if strings.Contains(err.Error(), token.Value()) {
		t.Errorf("the error repeats the token: %v", err)
	}
}

// TestNewAccessToken_configured: an access token from the configuration is
// handed out as it is, with no expiry known; a service user's token is
// refused before any request.
func TestNewAccessToken_configured(t *testing.T) {
	t.Parallel()
	srv := ubiopstest.NewServer(t)
	ctx := context.Background()

	token, err := newEmulatorClient(t, srv, "bearer  "+srv.AccessToken).NewAccessToken(ctx)
	if err != nil || token.Value() != srv.AccessToken || token.SignedIn || !token.Expires.IsZero() {
		t.Errorf("Bearer configuration: token %+v (value kept: %t), err %v", token, token.Value() == srv.AccessToken, err)
	}
	_, err = newEmulatorClient(t, srv, "Token "+srv.ServiceToken).NewAccessToken(ctx)
	if err == nil || !strings.Contains(err.Error(), "service user") || strings.Contains(err.Error(), srv.ServiceToken) {
		t.Errorf("service token: err = %v, want a refusal naming service users", err)
	}
	if n := srv.Stats().Count("POST /authorize"); n != 0 {
		t.Errorf("signed in %d times, want none", n)
	}
}

// TestNewAccessToken_jwtExpiry: a token that is a JSON Web Token expires
// when its "exp" claim says, not after the assumed lifetime.
func TestNewAccessToken_jwtExpiry(t *testing.T) {
	t.Parallel()
	exp := time.Date(2031, 5, 4, 3, 2, 1, 0, time.UTC)
	claims := base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, `{"user_id":"u","exp":%d}`, exp.Unix()))
	jwt := "eyJhbGciOiJIUzI1NiJ9." + claims + ".c2lnbmF0dXJl"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v2.1/authorize" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"access": %q}`, jwt)
	}))
	t.Cleanup(srv.Close)
	c, err := ubiops.NewClient(ubiops.Config{Host: srv.URL + "/v2.1", Email: "a@example.com", Password: "a-password", Retry: quickRetries})
	if err != nil {
		t.Fatal(err)
	}
	token, err := c.NewAccessToken(context.Background())
	if err != nil || token.Value() != jwt || !token.Expires.Equal(exp) {
		t.Errorf("token expires %s (err %v), want %s", token.Expires, err, exp)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
