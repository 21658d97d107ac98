package ubiops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseToken(t *testing.T) {
	type parsed struct{ scheme, value string }
	for given, want := range map[string]parsed{
		"abc123":            {SchemeToken, "abc123"},
		"Token abc123":      {SchemeToken, "abc123"},
		"token   abc123 \n": {SchemeToken, "abc123"},
		"TOKEN abc123":      {SchemeToken, "abc123"},
		"Token\tabc123":     {SchemeToken, "abc123"},
		"Bearer abc123":     {SchemeBearer, "abc123"},
		"bearer  abc123":    {SchemeBearer, "abc123"},
		"BEARER abc123":     {SchemeBearer, "abc123"},
		"Token":             {SchemeToken, ""},
		"Token ":            {SchemeToken, ""},
		"bearer":            {SchemeBearer, ""},
		" Bearer  ":         {SchemeBearer, ""},
		"  ":                {SchemeToken, ""},
		"Tokenabc":          {SchemeToken, "Tokenabc"},
		"Bearerabc":         {SchemeToken, "Bearerabc"},
		// Only one scheme word is taken off; the server judges the rest.
		"Token Token abc": {SchemeToken, "Token abc"},
	} {
		scheme, value := ParseToken(given)
		if (parsed{scheme, value}) != want {
			t.Errorf("ParseToken(%q) = %q, %q, want %q, %q", given, scheme, value, want.scheme, want.value)
		}
		if got := NormalizeToken(given); got != want.value {
			t.Errorf("NormalizeToken(%q) = %q, want %q", given, got, want.value)
		}
	}
}

func TestAuthSendsTheCredentialUnderItsScheme(t *testing.T) {
	for given, want := range map[string]string{
		testToken:                      "Token " + testToken,
		"Token " + testToken:           "Token " + testToken,
		"  token " + testToken + "\n":  "Token " + testToken,
		"Bearer " + testToken:          "Bearer " + testToken,
		" bearer\t" + testToken + "  ": "Bearer " + testToken,
	} {
		t.Run(fmt.Sprintf("%q", given[:8]), func(t *testing.T) {
			next := &script{steps: []step{reply(200, "")}}
			rt := staticAuth(t, next, given)
			req := newRequest(t, http.MethodGet, "http://api.test/v2.1/organizations", "")
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if got := next.seen[0].Header.Get("Authorization"); got != want {
				t.Errorf("Authorization = %q, want %q", got, want)
			}
			if req.Header.Get("Authorization") != "" {
				t.Error("the caller's request was changed")
			}
		})
	}
}

// staticAuth builds the credential layer for a configured token over next.
func staticAuth(t *testing.T, next http.RoundTripper, token string) *authTransport {
	t.Helper()
	cfg := Config{Token: token, Transport: next}.withDefaults()
	kind, err := checkCredentials(cfg)
	if err != nil {
		t.Fatal(err)
	}
	auth, _ := newStacks(cfg, kind, &url.URL{Scheme: "http", Host: "api.test", Path: "/v2.1"}, &redactor{}, newPacer(time.Minute, discardLogger{}))
	return auth
}

func TestSecretsNeverPrinted(t *testing.T) {
	for _, cfg := range []Config{
		{Host: DefaultHost, Token: "Token " + testToken, UserAgent: "ua"},
		{Host: DefaultHost, Token: "Bearer " + testToken, UserAgent: "ua"},
		{Host: DefaultHost, Email: "ann@example.com", Password: testToken, TOTPSecret: testTOTPSecret},
	} {
		assertSecretsNeverPrinted(t, cfg)
	}
}

func assertSecretsNeverPrinted(t *testing.T, cfg Config) {
	t.Helper()
	kind, err := checkCredentials(cfg)
	if err != nil {
		t.Fatal(err)
	}
	auth, _ := newStacks(cfg.withDefaults(), kind, &url.URL{Scheme: "https", Host: "api.test"}, &redactor{}, newPacer(time.Minute, discardLogger{}))
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		out := fmt.Sprintf(verb+" "+verb+" "+verb+" "+verb+" "+verb+" "+verb, cfg, &cfg, auth, auth.session, auth.header, c)
		for _, secret := range []string{testToken, testTOTPSecret} {
			if strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", secret)) {
				t.Errorf("%s printed a secret: %s", verb, out)
			}
		}
	}
	if !strings.Contains(cfg.String(), DefaultHost) || !strings.Contains(cfg.String(), cfg.Email) {
		t.Errorf("Config.String() lost the host or email: %s", cfg.String())
	}
}

func TestCredentialKind(t *testing.T) {
	for cfg, want := range map[Config]CredentialKind{
		{Token: testToken}:                                                  CredentialServiceToken,
		{Token: "token " + testToken}:                                       CredentialServiceToken,
		{Token: "BEARER " + testToken}:                                      CredentialAccessToken,
		{Email: "ann@example.com", Password: "pw"}:                          CredentialSignIn,
		{Email: "a@b.c", Password: "pw", TOTPSecret: "jbsw y3dp ehpk 3pxp"}: CredentialSignIn,
	} {
		c, err := NewClient(cfg)
		if err != nil {
			t.Fatalf("NewClient(%v): %v", cfg, err)
		}
		if got := c.CredentialKind(); got != want {
			t.Errorf("CredentialKind() of %v = %q, want %q", cfg, got, want)
		}
	}
}

func TestNewClientRefusesUnclearCredentials(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "no credential given"},
		{Config{Token: "Bearer"}, "no credential given"},
		{Config{Token: testToken, Password: "pw"}, "both a token and an email, password or TOTP secret"},
		{Config{Token: testToken, Email: "a@b.c", Password: "pw"}, "both a token and an email, password or TOTP secret"},
		{Config{Token: testToken, TOTPSecret: testTOTPSecret}, "both a token and an email, password or TOTP secret"},
		{Config{Email: "a@b.c"}, "an email is given without a password"},
		{Config{Password: testToken}, "a password is given without an email"},
		{Config{Email: "a@b.c", Password: "pw", TOTPSecret: "not base32!" + testToken}, "TOTP secret is not valid base32"},
		{Config{Token: "Token " + testToken + "\nX-Evil: 1"}, "control character"},
	} {
		_, err := NewClient(tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewClient(%v) = %v, want an error containing %q", tt.cfg, err, tt.want)
			continue
		}
		if strings.Contains(err.Error(), testToken) {
			t.Errorf("the error repeats a secret: %v", err)
		}
	}
}

func TestSignInOnceForConcurrentRequests(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	if err := c.CheckHost(context.Background()); err != nil {
		t.Fatal(err)
	}
	if signIns, _, _ := accounts.counts(); signIns != 0 {
		t.Fatalf("NewClient and CheckHost signed in %d times; signing in must wait for the first request that needs it", signIns)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, err := c.ListOrganizations(context.Background())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	signIns, paths, auths := accounts.counts()
	if signIns != 1 {
		t.Errorf("signed in %d times for 20 concurrent requests, want 1", signIns)
	}
	for i, p := range paths {
		if p == "POST /v2.1/authorize" || p == "GET /v2.1/status" {
			if auths[i] != "" {
				t.Errorf("%s carried Authorization %q", p, auths[i])
			}
			continue
		}
		if auths[i] != "Bearer "+accessToken(1) {
			t.Errorf("%s sent Authorization %q, want the access token as Bearer", p, auths[i])
		}
	}
}

func TestSignInWithTwoFactorAuthentication(t *testing.T) {
	accounts, srv := newFakeAccounts(t, testTOTPSecret)
	// Authenticator apps show the key in lower case groups; the client
	// takes it either way.
	c := signInClient(t, srv, accounts.email, accounts.password, strings.ToLower("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"), nil)
	user, err := c.CurrentUser(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if *user != (User{ID: "u-1", Email: accounts.email, Name: "Ann", Surname: "Lee"}) {
		t.Errorf("CurrentUser() = %+v", user)
	}
	if signIns, paths, _ := accounts.counts(); signIns != 2 || len(paths) != 3 {
		t.Errorf("requests %v, want a sign-in, a sign-in with the code, and GET /user", paths)
	}
}

func TestSignInWithoutTheTOTPSecretAsksForIt(t *testing.T) {
	accounts, srv := newFakeAccounts(t, testTOTPSecret)
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	_, err := c.CurrentUser(context.Background())
	var signInErr *SignInError
	if !errors.As(err, &signInErr) || !signInErr.NeedsTOTPSecret || !IsSignInFailed(err) {
		t.Fatalf("err = %v, want a SignInError that asks for the TOTP secret", err)
	}
	for _, want := range []string{"ann@example.com", "two-factor authentication", "totp_secret", "Please provide a token for two factor authentication."} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestSignInWithAWrongCodeIsRefused(t *testing.T) {
	accounts, srv := newFakeAccounts(t, testTOTPSecret)
	// A valid key, but not the account's.
	c := signInClient(t, srv, accounts.email, accounts.password, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", nil)
	_, err := c.CurrentUser(context.Background())
	if !IsSignInFailed(err) || !strings.Contains(err.Error(), "is not valid for two factor authentication") {
		t.Fatalf("err = %v, want UbiOps' refusal of the code", err)
	}
	if strings.Contains(err.Error(), "Token "+redacted+" is not valid") == false {
		t.Errorf("the code UbiOps repeated must be redacted: %v", err)
	}
	if signIns, _, _ := accounts.counts(); signIns != 2 {
		t.Errorf("signed in %d times, want 2 (no loop on a refused code)", signIns)
	}
}

func TestWrongPasswordIsRefusedOnceAndVerbatim(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	const wrong = "wrong-password-123"
	log := &recordingLogger{}
	c := signInClient(t, srv, accounts.email, wrong, "", log)
	for range 3 {
		_, err := c.ListOrganizations(context.Background())
		if !IsSignInFailed(err) || IsUnauthorized(err) {
			t.Fatalf("err = %v, want a sign-in failure", err)
		}
		want := "sign-in as ann@example.com: UbiOps refused the email and password (401 Unauthorized): Email or password '" + redacted + "' is not correct."
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// The refusal is explained by asking how the account signs in, once.
	if signIns, paths, _ := accounts.counts(); signIns != 1 || !slices.Equal(paths, []string{"POST /v2.1/authorize", "POST /v2.1/oauth/sign-in"}) {
		t.Errorf("requests %v: a refused password must not be tried again", paths)
	}
	assertNoSecretLogged(t, log, wrong)
}

func TestExpiredAccessTokenSignsInAgainOnce(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	log := &recordingLogger{}
	c := signInClient(t, srv, accounts.email, accounts.password, "", log)
	ctx := context.Background()
	if _, err := c.ListOrganizations(ctx); err != nil {
		t.Fatal(err)
	}
	accounts.expireAll()
	// A POST: a 401 is a refusal before any effect, so it is repeated too.
	if _, err := c.CreateOrganization(ctx, OrganizationCreate{Name: "acme"}); err != nil {
		t.Fatal(err)
	}
	signIns, paths, auths := accounts.counts()
	want := []string{"POST /v2.1/authorize", "GET /v2.1/organizations", "POST /v2.1/organizations", "POST /v2.1/authorize", "POST /v2.1/organizations"}
	if !slices.Equal(paths, want) || signIns != 2 {
		t.Fatalf("requests %v, want %v", paths, want)
	}
	if auths[4] != "Bearer "+accessToken(2) {
		t.Errorf("the repeated request sent %q, want the new access token", auths[4])
	}
	assertNoSecretLogged(t, log, accounts.password, accessToken(1), accessToken(2))
}

// TestAFreshTokenRefusedEndsTheRun: when the token that signing in again
// yielded is refused too, signing in once more would not help; every later
// request fails at once with the same message.
func TestAFreshTokenRefusedEndsTheRun(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	// Every access token is refused, as when the account lost its access.
	accounts.authorize = func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"access": "`+accessToken(99)+`"}`)
	}
	for range 3 {
		_, err := c.ListOrganizations(context.Background())
		if !IsTokenRefused(err) || !strings.Contains(err.Error(), "refused the access token it had just issued when signing in again as ann@example.com") {
			t.Fatalf("err = %v, want the end of the run for a refused fresh token", err)
		}
	}
	if signIns, paths, _ := accounts.counts(); signIns != 2 || len(paths) != 4 {
		t.Errorf("requests %v, want one sign-in, the request, one more sign-in and one repeat, then nothing", paths)
	}
}

func TestSignInServerTroubleIsNotARefusal(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	accounts.authorize = func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, `{"error": "Down for maintenance."}`)
	}
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	_, err := c.CurrentUser(context.Background())
	if IsSignInFailed(err) || StatusCode(err) != http.StatusServiceUnavailable || !strings.Contains(err.Error(), "Down for maintenance.") {
		t.Fatalf("err = %v, want the 503 as server trouble", err)
	}
	// Not remembered: once the server is back, signing in works.
	accounts.mu.Lock()
	accounts.authorize = nil
	accounts.mu.Unlock()
	if _, err := c.CurrentUser(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestSignInAnswerWithoutAccessToken(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	accounts.authorize = func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, `{}`) }
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	_, err := c.CurrentUser(context.Background())
	if !IsSignInFailed(err) || !strings.Contains(err.Error(), "no access token") {
		t.Fatalf("err = %v", err)
	}
}

func TestWaitersSignInThemselvesWhenTheFirstCallerGivesUp(t *testing.T) {
	accounts, srv := newFakeAccounts(t, "")
	release := make(chan struct{})
	stalled := make(chan struct{}) // closed once the first sign-in reached the server
	first := true
	accounts.authorize = func(w http.ResponseWriter, r *http.Request) {
		accounts.mu.Lock()
		stall := first
		first = false
		accounts.mu.Unlock()
		if stall {
			close(stalled)
			<-release
		}
		accounts.signIn(w, mustRead(r.Body))
	}
	defer close(release)
	c := signInClient(t, srv, accounts.email, accounts.password, "", nil)
	leader, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.CurrentUser(leader); done <- err }()
	<-stalled
	waiter := make(chan error, 1)
	go func() { _, err := c.CurrentUser(context.Background()); waiter <- err }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("the cancelled caller got %v", err)
	}
	if err := <-waiter; err != nil {
		t.Fatalf("the waiting caller got %v, want its own sign-in to succeed", err)
	}
}

func TestCurrentUserNeedsIDAndEmail(t *testing.T) {
	for _, body := range []string{`{}`, `null`, `{"id": "u-1"}`, `{"email": "a@b.c"}`, ``} {
		c, _ := newServerClient(t, 200, body)
		if _, err := c.CurrentUser(context.Background()); err == nil || !strings.Contains(err.Error(), "GET /user") {
			t.Errorf("answer %q: err = %v, want an error naming GET /user", body, err)
		}
	}
}

// assertNoSecretLogged fails when a log entry holds one of the secrets.
func assertNoSecretLogged(t *testing.T, log *recordingLogger, secrets ...string) {
	t.Helper()
	entries := log.all()
	if len(entries) == 0 {
		t.Fatal("nothing was logged; the check would prove nothing")
	}
	for _, e := range entries {
		line := fmt.Sprintf("%s %v", e.msg, e.fields)
		for _, s := range secrets {
			if strings.Contains(line, s) {
				t.Errorf("a log entry holds a secret: %s", line)
			}
		}
	}
}
