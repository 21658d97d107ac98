package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// signIn posts body to /authorize.
func signIn(t *testing.T, s *Server, body any) response {
	t.Helper()
	return call(t, s, http.MethodPost, "/authorize", "", body)
}

// errorText is the "error" of a JSON answer.
func errorText(t *testing.T, r response) string {
	t.Helper()
	return messageAt(t, r, "error")
}

// detailText is the "detail" of a JSON answer (authentication failures).
func detailText(t *testing.T, r response) string {
	t.Helper()
	return messageAt(t, r, "detail")
}

// messageAt is the non-empty string under key in a JSON answer.
func messageAt(t *testing.T, r response, key string) string {
	t.Helper()
	msg, _ := r.object(t)[key].(string)
	if msg == "" {
		t.Fatalf("no %s in %s", key, r.body)
	}
	return msg
}

func TestSignInWithPassword(t *testing.T) {
	s := newTestServer(t)
	if err := s.AddUser(SeedUser{Email: "pat@example.com", Name: "Pat", Password: "pat-password"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMember("acme-ml", "pat@example.com", true); err != nil {
		t.Fatal(err)
	}
	r := signIn(t, s, map[string]any{"email": "PAT@example.com", "password": "pat-password"}).expect(t, http.StatusOK)
	got := r.object(t)
	sameKeys(t, got, "access")
	access, _ := got["access"].(string)
	if access == "" {
		t.Fatalf("access = %v", got)
	}
	var orgs []map[string]any
	call(t, s, http.MethodGet, "/organizations", access, nil).expect(t, http.StatusOK).decode(t, &orgs)
	if len(orgs) != 1 || orgs[0]["name"] != "acme-ml" {
		t.Fatalf("orgs = %v", orgs)
	}
	call(t, s, http.MethodPost, "/organizations/acme-ml/users", access, map[string]any{"email": "n@example.com"}).expect(t, http.StatusCreated)
	me := call(t, s, http.MethodGet, "/user", access, nil).expect(t, http.StatusOK).object(t)
	if me["email"] != "pat@example.com" || me["name"] != "Pat" {
		t.Fatalf("user = %v", me)
	}
	if st := s.Stats(); st.Count("POST /authorize") != 1 {
		t.Fatalf("stats = %+v", st.Routes)
	}
}

func TestSignInRefuses(t *testing.T) {
	s := newTestServer(t)
	if err := s.AddUser(SeedUser{Email: "sso@example.com", Token: "sso-token"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		body any
		want string
	}{
		{"wrong password", map[string]any{"email": tfaEmail, "password": "nope", "token": "123456"}, msgBadCredentials},
		{"unknown email", map[string]any{"email": "who@example.com", "password": "x"}, msgBadCredentials},
		{"no password set", map[string]any{"email": "sso@example.com", "password": ""}, msgBadCredentials},
		{"service user", map[string]any{"email": "svc@example.com", "password": "svc-token"}, msgBadCredentials},
		{"invited person", map[string]any{"email": "new@example.com", "password": ""}, msgBadCredentials},
		{"missing password", map[string]any{"email": tfaEmail}, "required"},
		{"password not a string", map[string]any{"email": tfaEmail, "password": 5}, "password"},
		{"not JSON", `{`, "JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "invited person" {
				if _, err := s.AddMember("acme-ml", "new@example.com", false); err != nil {
					t.Fatal(err)
				}
			}
			r := signIn(t, s, tc.body).expect(t, http.StatusBadRequest)
			if msg := errorText(t, r); !strings.Contains(msg, tc.want) {
				t.Fatalf("error = %q, want %q", msg, tc.want)
			}
		})
	}
}

func TestSignInWithTwoFactors(t *testing.T) {
	clock := newFakeClock("2026-12-01T10:00:00Z")
	s := NewServer(t, WithSeed(testSeed(t)), WithClock(clock.Now))
	creds := map[string]any{"email": tfaEmail, "password": tfaPassword}

	r := signIn(t, s, creds).expect(t, http.StatusBadRequest)
	if msg := errorText(t, r); !strings.Contains(msg, "two factor authentication") {
		t.Fatalf("without a code: %q", msg)
	}
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(tfaSecret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	withCode := func(c string) map[string]any {
		return map[string]any{"email": tfaEmail, "password": tfaPassword, "token": c}
	}
	now := clock.Now()
	wrong := "000000"
	if wrong == code(now) {
		wrong = "111111"
	}
	r = signIn(t, s, withCode(wrong)).expect(t, http.StatusBadRequest)
	if msg := errorText(t, r); msg != msgWrongCode || strings.Contains(msg, "two factor authentication") {
		// A client that asks for a code on "two factor authentication" must
		// not ask again for a code it just sent.
		t.Fatalf("wrong code: %q", msg)
	}
	signIn(t, s, withCode(code(now.Add(-90*time.Second)))).expect(t, http.StatusBadRequest) // three steps old

	for _, at := range []time.Time{now, now.Add(-30 * time.Second)} { // this step, and the last one
		r = signIn(t, s, withCode(code(at))).expect(t, http.StatusOK)
		access, _ := r.object(t)["access"].(string)
		me := call(t, s, http.MethodGet, "/user", access, nil).expect(t, http.StatusOK).object(t)
		if me["email"] != tfaEmail {
			t.Fatalf("user = %v", me)
		}
	}
}

func TestAccessTokensExpire(t *testing.T) {
	clock := newFakeClock("2026-12-01T10:00:00Z")
	s := NewServer(t, WithSeed(testSeed(t)), WithClock(clock.Now), WithAccessTokenTTL(10*time.Minute))
	if err := s.AddUser(SeedUser{Email: "pat@example.com", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	signedIn, _ := signIn(t, s, map[string]any{"email": "pat@example.com", "password": "pw"}).expect(t, http.StatusOK).object(t)["access"].(string)
	issued, err := s.IssueAccessToken("bob@example.com")
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(10*time.Minute - time.Second)
	for _, token := range []string{signedIn, issued} {
		call(t, s, http.MethodGet, "/user", token, nil).expect(t, http.StatusOK)
	}
	clock.Advance(time.Second)
	for _, token := range []string{signedIn, issued} {
		r := call(t, s, http.MethodGet, "/organizations", token, nil).expect(t, http.StatusUnauthorized)
		if msg := detailText(t, r); msg != msgExpiredToken {
			t.Fatalf("expired: %q", msg)
		}
	}
	// Tokens pre-issued in the seed never expire.
	clock.Advance(365 * 24 * time.Hour)
	call(t, s, http.MethodGet, "/organizations", adminToken, nil).expect(t, http.StatusOK)
}

func TestIssueAccessTokenRefuses(t *testing.T) {
	s := newTestServer(t)
	if _, err := s.AddMember("acme-ml", "invited@example.com", false); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"nobody@example.com", "svc@example.com", "invited@example.com"} {
		if token, err := s.IssueAccessToken(email); err == nil {
			t.Errorf("%s got an access token %q", email, token)
		}
	}
}

func TestServiceUsersCannotActAtOrganizationLevel(t *testing.T) {
	s := newTestServer(t)
	const org = "/organizations/acme-ml"
	bob := memberID(t, s, "bob@example.com")
	checked := 0
	for _, rt := range s.routes() {
		if rt.who != people {
			continue
		}
		path := strings.NewReplacer("{organization_name}", "acme-ml", "{user_id}", bob).Replace(rt.path)
		r := call(t, s, rt.method, path, svcHeader, map[string]any{"name": "svc-org", "email": "x@example.com", "admin": true})
		r.expect(t, http.StatusForbidden)
		if msg := errorText(t, r); !strings.Contains(msg, "Service users cannot act at organization level") {
			t.Fatalf("%s %s: %q", rt.method, path, msg)
		}
		if !strings.Contains(string(r.body), "Bearer <access token>") {
			t.Fatalf("the body escapes what a person reads: %s", r.body)
		}
		checked++
	}
	if checked != 11 {
		t.Fatalf("%d organization routes checked, want the API's 11", checked)
	}
	if _, ok := s.Organization("svc-org"); ok || len(s.Members("acme-ml")) != 3 {
		t.Fatal("a refused service user changed the server")
	}
	// The same service user may say who it is.
	me := call(t, s, http.MethodGet, "/user", svcHeader, nil).expect(t, http.StatusOK).object(t)
	if me["email"] != "svc@example.com" || me["name"] != "ci" {
		t.Fatalf("user = %v", me)
	}
	call(t, s, http.MethodGet, org, "Bearer svc-token", nil).expect(t, http.StatusUnauthorized)  // not an access token
	call(t, s, http.MethodGet, org, "Token "+adminToken, nil).expect(t, http.StatusUnauthorized) // not an API token
}

func TestAuthorizationHeader(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		name, header string
		status       int
		detail       string
	}{
		{"none", "", http.StatusUnauthorized, "Authentication credentials were not provided."},
		{"other scheme", "Basic YTpi", http.StatusUnauthorized, "Authentication credentials were not provided."},
		{"scheme alone", "Bearer", http.StatusUnauthorized, "Invalid token header. No credentials provided."},
		{"token twice", "Token Token x", http.StatusUnauthorized, "Invalid token header. Token string should not contain spaces."},
		{"bearer twice", "Bearer Bearer " + adminToken, http.StatusUnauthorized, "Invalid token header. Token string should not contain spaces."},
		{"unknown", "Bearer nope", http.StatusUnauthorized, "Invalid token."},
		{"lower case bearer", "bearer " + adminToken, http.StatusOK, ""},
		{"upper case bearer", "BEARER " + adminToken, http.StatusOK, ""},
		{"extra blanks", "Bearer   " + adminToken + " ", http.StatusOK, ""},
		{"lower case token", "token svc-token", http.StatusForbidden, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, s.URL+"/organizations", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			r := do(t, req).expect(t, tc.status)
			if tc.detail == "" {
				return
			}
			if got := detailText(t, r); got != tc.detail {
				t.Fatalf("detail = %q, want %q", got, tc.detail)
			}
			if r.header.Get("WWW-Authenticate") == "" {
				t.Fatal("a 401 without a challenge")
			}
		})
	}
}

// TestCurrentUser: GET /user answers UbiOps' UserDetail, registration_date
// included: the seed's, or the emulator's clock when the user was added.
func TestCurrentUser(t *testing.T) {
	s := newTestServer(t)
	me := call(t, s, http.MethodGet, "/user", bobToken, nil).expect(t, http.StatusOK).object(t)
	sameKeys(t, me, "id", "email", "name", "surname", "registration_date")
	if me["id"] != memberID(t, s, "bob@example.com") || me["email"] != "bob@example.com" || me["name"] != "Bob" || me["surname"] != "B" {
		t.Fatalf("user = %v", me)
	}
	if me["registration_date"] != "2025-06-01T08:30:00.000000Z" {
		t.Fatalf("registration_date = %v, want the seed's %s with microseconds", me["registration_date"], bobRegistered)
	}
	if err := s.AddUser(SeedUser{Email: "new@example.com", Token: "new-token"}); err != nil {
		t.Fatal(err)
	}
	me = call(t, s, http.MethodGet, "/user", "new-token", nil).expect(t, http.StatusOK).object(t)
	if me["registration_date"] != "2026-12-01T10:00:00.000000Z" {
		t.Fatalf("registration_date of a user added now = %v, want the clock's time", me["registration_date"])
	}
	call(t, s, http.MethodGet, "/user", "", nil).expect(t, http.StatusUnauthorized)
}

// oauthSignIn posts email to /oauth/sign-in.
func oauthSignIn(t *testing.T, s *Server, body any) response {
	t.Helper()
	return call(t, s, http.MethodPost, "/oauth/sign-in", "", body)
}

// TestOAuthSignInNamesTheProvider: POST /oauth/sign-in answers how an
// account signs in, as UbiOps' CLI reads it: "ubiops" with a null url for a
// password account, the single-sign-on provider and its address for an
// account without a password. An address without an account, a service
// user's and an invited person's answer "ubiops" too, so the answer never
// tells whether an account exists; /authorize then refuses them.
func TestOAuthSignInNamesTheProvider(t *testing.T) {
	s := newTestServer(t)
	if _, err := s.AddMember("acme-ml", "invited@example.com", false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, email, provider string
		url                   any
	}{
		{"password account", tfaEmail, "ubiops", nil},
		{"password account in another case", "TFA@Example.com", "ubiops", nil},
		{"single sign-on account", ssoEmail, "google", "https://accounts.google.com/o/oauth2/v2/auth"},
		{"single sign-on account in another case", "Gail@example.com", "google", "https://accounts.google.com/o/oauth2/v2/auth"},
		{"unknown email", "who@example.com", "ubiops", nil},
		{"service user", "svc@example.com", "ubiops", nil},
		{"invited person", "invited@example.com", "ubiops", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := oauthSignIn(t, s, map[string]any{"email": tc.email}).expect(t, http.StatusOK).object(t)
			sameKeys(t, got, "provider", "url")
			if got["provider"] != tc.provider || got["url"] != tc.url {
				t.Fatalf("answer = %v, want provider %q and url %v", got, tc.provider, tc.url)
			}
		})
	}
	for _, body := range []any{map[string]any{}, map[string]any{"email": " "}, map[string]any{"email": 5}, `{`} {
		r := oauthSignIn(t, s, body).expect(t, http.StatusBadRequest)
		if msg := errorText(t, r); msg == "" {
			t.Fatalf("body %v: no error", body)
		}
	}
	if st := s.Stats(); st.Count("POST /oauth/sign-in") != 11 {
		t.Fatalf("stats = %+v", st.Routes)
	}
}

// TestSignInRefusesSingleSignOnAccounts: /authorize refuses an account that
// signs in through single sign-on whatever password is sent (it has none),
// in the words of a wrong password; its access token works as any person's.
func TestSignInRefusesSingleSignOnAccounts(t *testing.T) {
	s := newTestServer(t)
	for _, password := range []string{"", "guess", ssoToken} {
		r := signIn(t, s, map[string]any{"email": ssoEmail, "password": password}).expect(t, http.StatusBadRequest)
		if msg := errorText(t, r); msg != msgBadCredentials {
			t.Fatalf("password %q: error = %q", password, msg)
		}
	}
	if _, err := s.IssueAccessToken(ssoEmail); err != nil {
		t.Fatal(err)
	}
	me := call(t, s, http.MethodGet, "/user", ssoToken, nil).expect(t, http.StatusOK).object(t)
	if me["email"] != ssoEmail {
		t.Fatalf("user = %v", me)
	}
}

func TestStatusNeedsNoCredentials(t *testing.T) {
	s := newTestServer(t)
	got := call(t, s, http.MethodGet, "/status", "", nil).expect(t, http.StatusOK).object(t)
	sameKeys(t, got, "status")
	if got["status"] != "ok" {
		t.Fatalf("status = %v", got)
	}
}

func TestCredentials(t *testing.T) {
	def := NewServer(t)
	want := Credentials{Email: DefaultEmail, Password: DefaultPassword, AccessToken: DefaultAccessToken, ServiceToken: DefaultServiceToken}
	if def.Credentials != want {
		t.Fatalf("default credentials = %+v", def.Credentials)
	}
	s := NewServer(t, WithSeed(&Seed{Users: []SeedUser{
		{Email: "svc@example.com", Service: true, Token: "Token s1"},
		{Email: "first@example.com", Password: "p1"},
		{Email: "second@example.com", Password: "p2", Token: "t2"},
	}}))
	want = Credentials{Email: "first@example.com", Password: "p1", ServiceToken: "s1"}
	if s.Credentials != want {
		t.Fatalf("credentials = %+v", s.Credentials)
	}
}
