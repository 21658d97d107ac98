package ubiops

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSignInSpendsOneUserGroupRequest: signing in is POST /authorize
// alone; nothing asks GET /user or /oauth/sign-in when UbiOps accepts the
// password.
func TestSignInSpendsOneUserGroupRequest(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	ctx := context.Background()
	if err := c.SignIn(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListOrganizations(ctx); err != nil {
		t.Fatal(err)
	}
	if _, paths, _ := accounts.counts(); !slices.Equal(paths, []string{"POST /v2.1/authorize", "GET /v2.1/organizations"}) {
		t.Errorf("requests %v, want the sign-in and the list only", paths)
	}
}

// TestSingleSignOnAccountNamesItsProvider: a refused sign-in asks how the
// account signs in, and a single sign-on account's refusal names its
// provider.
func TestSingleSignOnAccountNamesItsProvider(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	accounts.provider = "google"
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	err := c.SignIn(context.Background())
	var signInErr *SignInError
	if !errors.As(err, &signInErr) || signInErr.Provider != "google" || signInErr.Step != StepPassword {
		t.Fatalf("err = %#v, want a SignInError naming provider google", err)
	}
	for _, want := range []string{"sign-in as ann@example.com", "single sign-on with google", "no password sign-in", "This account cannot sign in with a password."} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, paths, _ := accounts.counts(); !slices.Equal(paths, []string{"POST /v2.1/authorize", "POST /v2.1/oauth/sign-in"}) {
		t.Errorf("requests %v", paths)
	}
}

// TestOneRenewalPerWaveOf401: requests refused the same expired token share
// one sign-in, however many there are.
func TestOneRenewalPerWaveOf401(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	ctx := context.Background()
	if _, err := c.ListOrganizations(ctx); err != nil {
		t.Fatal(err)
	}
	accounts.expireAll()
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range 30 {
		wg.Go(func() {
			if _, err := c.ListOrganizations(ctx); err != nil {
				failed.Add(1)
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if signIns, _, _ := accounts.counts(); signIns != 2 || failed.Load() != 0 {
		t.Errorf("signed in %d times for 30 requests refused one expired token (%d failed), want 2: the first and one renewal", signIns, failed.Load())
	}
}

// TestAcceptedTokensAreRenewedAsOftenAsTheyExpire: a rate-limited apply
// may outlive many short-lived tokens; each one UbiOps accepted and then
// let expire is renewed once, and the run goes on.
func TestAcceptedTokensAreRenewedAsOftenAsTheyExpire(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	ctx := context.Background()
	for i := range 6 {
		if _, err := c.ListOrganizations(ctx); err != nil {
			t.Fatalf("request %d after %d expiries: %v", i+1, i, err)
		}
		accounts.expireAll()
	}
	if signIns, _, _ := accounts.counts(); signIns != 6 {
		t.Errorf("signed in %d times for 6 tokens that expired after use, want 6", signIns)
	}
}

// TestRenewedTokenRefusedBeforeUseEndsTheRun: when UbiOps refuses every
// token, a run signs in at most twice (the first and one renewal), however
// many requests meet the refusal.
func TestRenewedTokenRefusedBeforeUseEndsTheRun(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	ctx := context.Background()
	if _, err := c.ListOrganizations(ctx); err != nil {
		t.Fatal(err)
	}
	accounts.refuseAll()
	for range 10 {
		if _, err := c.ListOrganizations(ctx); !IsTokenRefused(err) {
			t.Fatalf("err = %v, want the run to end with a refused token", err)
		}
	}
	if signIns, _, _ := accounts.counts(); signIns != 2 {
		t.Errorf("signed in %d times, want 2: the first and one renewal", signIns)
	}
}

// TestCredentialsAreAttachedAfterThePacingWait: a request that waits for a
// rate-limit window carries the access token current when it leaves, not
// the one current when it was made.
func TestCredentialsAreAttachedAfterThePacingWait(t *testing.T) {
	var signIns atomic.Int32
	next := &script{steps: []step{func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "/authorize") {
			return response(r, http.StatusOK, `{"access": "`+accessToken(int(signIns.Add(1)))+`"}`), nil
		}
		return response(r, http.StatusOK, `[]`, headerRemaining, "0", headerReset, "30"), nil
	}}}
	cfg := Config{Email: "ann@example.com", Password: "correct horse battery", Transport: next}.withDefaults()
	fc := newFakeClock()
	p := newPacer(time.Minute, discardLogger{})
	auth, _ := newStacks(cfg, CredentialSignIn, &url.URL{Scheme: "http", Host: "api.test", Path: "/v2.1"}, &redactor{}, p)
	// While the second request waits, another request renews the token.
	p.clock = clock{now: fc.now, sleep: func(ctx context.Context, d time.Duration) error {
		auth.session.mu.Lock()
		auth.session.token = &issuedToken{secret: newSecret(accessToken(7))}
		auth.session.mu.Unlock()
		return fc.sleep(ctx, d)
	}}
	for range 2 {
		resp, err := auth.RoundTrip(newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations", ""))
		if err != nil {
			t.Fatal(err)
		}
		closeBody(resp)
	}
	if got := fc.recorded(); !equalWaits(got, []time.Duration{30 * time.Second}) {
		t.Fatalf("waits = %v, want the 30 s the window had left", got)
	}
	got := []string{next.seen[1].Header.Get("Authorization"), next.seen[2].Header.Get("Authorization")}
	if want := []string{"Bearer " + accessToken(1), "Bearer " + accessToken(7)}; !slices.Equal(got, want) {
		t.Errorf("Authorization headers %q, want %q: the waiting request must carry the token current after the wait", got, want)
	}
}

// TestPacingKeepsGroupsApart: an exhausted user group holds back user-group
// requests only, and general answers never hold back the user group.
func TestPacingKeepsGroupsApart(t *testing.T) {
	p, next, fc := newTestPacing(time.Minute, func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "/authorize") {
			return response(r, http.StatusOK, "", headerRemaining, "0", headerReset, "40"), nil
		}
		return response(r, http.StatusOK, "", headerRemaining, "270", headerReset, "40"), nil
	})
	sendTo := func(path string) {
		t.Helper()
		req := newRequest(t, http.MethodPost, "http://api.test/v2.1"+path, "")
		resp, err := p.RoundTrip(req.WithContext(withGroup(req.Context(), groupOfPath(path))))
		if err != nil {
			t.Fatal(err)
		}
		closeBody(resp)
	}
	sendTo("/authorize") // the user group: 0 left
	for range 5 {
		sendTo("/organizations")
	}
	if got := fc.recorded(); len(got) != 0 {
		t.Fatalf("general requests waited %v for the user group's window", got)
	}
	sendTo("/authorize")
	if got := fc.recorded(); !equalWaits(got, []time.Duration{40 * time.Second}) || next.attempts() != 7 {
		t.Errorf("waits = %v, want [40s] for the second sign-in alone", got)
	}
	if groupOfPath("/organizations/user") != groupGeneral || groupOfPath("/oauth/sign-in") != groupUser || groupOfPath("/user") != groupUser {
		t.Error("groupOfPath sorts paths into the wrong groups")
	}
}
