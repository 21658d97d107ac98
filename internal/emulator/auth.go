package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Who may call what, as UbiOps has it. People sign in with POST /authorize
// (email, password and, with two-factor authentication, a TOTP code) and send
// the access token they get as "Authorization: Bearer <access>". Service
// users hold an API token, sent as "Authorization: Token <token>"; they are
// defined on project level and cannot act at organization level, so every
// organization endpoint refuses them.

// DefaultAccessTokenTTL is how long a signed-in access token lasts unless
// Options.AccessTokenTTL says otherwise.
const DefaultAccessTokenTTL = time.Hour

// Messages of authentication failures, worded as Django REST framework (and
// so UbiOps) words them where it has a wording.
const (
	msgNoCredentials     = "Authentication credentials were not provided."
	msgNoTokenInHeader   = "Invalid token header. No credentials provided."
	msgSpacesInToken     = "Invalid token header. Token string should not contain spaces."
	msgInvalidToken      = "Invalid token."
	msgExpiredToken      = "Invalid token: the access token has expired. Sign in again."
	msgServiceUserRefuse = "Service users cannot act at organization level: sign in as a person " +
		"(POST /v2.1/authorize with email and password) and send Authorization: Bearer <access token>."
	msgBadCredentials = "Unable to sign in with the provided email and password."
	msgNeedsTwoFactor = "This account uses two factor authentication: send the code from the " +
		"authenticator app as \"token\" along with email and password."
	msgWrongCode = "The 2FA code is invalid or has expired."
)

// totpOptions are RFC 6238's defaults, which UbiOps' authenticator-app codes
// follow: 30-second steps, 6 digits, SHA-1, one step of skew either way.
var totpOptions = totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// callers says who may call a route.
type callers int

const (
	// anyone: no credentials needed (sign-in, status).
	anyone callers = iota
	// signedIn: a person or a service user.
	signedIn
	// people: a person only; service users get 403 (organization endpoints).
	people
)

// accessGrant is an access token handed out by signing in (or by
// IssueAccessToken); pre-issued tokens from the seed live on the user and
// never expire.
type accessGrant struct {
	user    *user
	expires time.Time
}

// authenticated resolves the caller from the Authorization header before
// running h, answering 401 in Django REST framework's wording when the
// header identifies nobody, and 403 when a service user calls a route for
// people. Routes open to anyone run h with a nil caller.
func (e *Emulator) authenticated(who callers, h authedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if who == anyone {
			h(w, r, nil)
			return
		}
		caller, msg := e.caller(r.Header.Get("Authorization"))
		switch {
		case caller == nil:
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			writeDetail(w, http.StatusUnauthorized, msg)
		case caller.service && who == people:
			writeError(w, http.StatusForbidden, msgServiceUserRefuse)
		default:
			h(w, r, caller)
		}
	})
}

// caller finds who an Authorization header authenticates: "Bearer <access>"
// a person, "Token <token>" a service user, the scheme word in any case. On
// failure it returns the message to answer with.
func (e *Emulator) caller(header string) (*user, string) {
	parts := strings.Fields(header)
	if len(parts) == 0 {
		return nil, msgNoCredentials
	}
	scheme := strings.ToLower(parts[0])
	if scheme != "bearer" && scheme != "token" {
		return nil, msgNoCredentials
	}
	switch len(parts) {
	case 1:
		return nil, msgNoTokenInHeader
	case 2:
	default:
		return nil, msgSpacesInToken
	}
	token := parts[1]
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	if scheme == "token" {
		if u := e.store.userByToken(token); u != nil && u.service {
			return u, ""
		}
		return nil, msgInvalidToken
	}
	if u := e.store.userByToken(token); u != nil && !u.service {
		return u, "" // pre-issued in the seed: never expires
	}
	grant, ok := e.store.access[token]
	if !ok {
		return nil, msgInvalidToken
	}
	if !e.clock().Before(grant.expires) {
		delete(e.store.access, token)
		return nil, msgExpiredToken
	}
	return grant.user, ""
}

// authorize serves POST /authorize: email and password (and "token", the
// TOTP code, for two-factor accounts) for an access token. Every failure is
// a 400 with an "error", as a validated sign-in form answers.
func (e *Emulator) authorize(w http.ResponseWriter, r *http.Request, _ *user) {
	f, err := readFields(r)
	var email, password, code *string
	if err == nil {
		email, err = f.str("email")
	}
	if err == nil {
		password, err = f.str("password")
	}
	if err == nil {
		code, err = f.str("token")
	}
	if err == nil && (email == nil || password == nil) {
		err = badRequest("email and password are required")
	}
	var access string
	if err == nil {
		e.store.mu.Lock()
		access, err = e.store.signIn(*email, *password, code, e.clock(), e.accessTTL)
		e.store.mu.Unlock()
	}
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"access": access})
}

// signIn checks a person's credentials and hands out an access token. The
// password is checked before the code, so that a wrong password never tells
// whether the account uses two-factor authentication. A single-sign-on
// account has no password, so any password is wrong for it: it is refused
// like a wrong password (POST /oauth/sign-in is where a client learns why).
// The store lock must be held.
func (s *store) signIn(email, password string, code *string, now time.Time, ttl time.Duration) (string, error) {
	u := s.userByEmail(email)
	if u == nil || u.service || u.signInProvider != providerUbiOps || u.password == "" || u.password != password {
		return "", badRequest(msgBadCredentials)
	}
	if u.totpSecret != "" {
		if code == nil || *code == "" {
			return "", badRequest(msgNeedsTwoFactor)
		}
		if ok, err := totp.ValidateCustom(*code, u.totpSecret, now, totpOptions); err != nil || !ok {
			return "", badRequest(msgWrongCode)
		}
	}
	return s.grant(u, now.Add(ttl)), nil
}

// grant stores a new access token for u, valid until expires. The store
// lock must be held.
func (s *store) grant(u *user, expires time.Time) string {
	var b [20]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	token := hex.EncodeToString(b[:])
	s.access[token] = accessGrant{user: u, expires: expires}
	return token
}

// currentUserView is what GET /user answers (UbiOps' UserDetail).
type currentUserView struct {
	ID      string `json:"id"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Surname string `json:"surname"`
	// RegistrationDate is when the account was made, formatted as
	// organizations' creation_date is.
	RegistrationDate string `json:"registration_date"`
}

// currentUser serves GET /user: who the credentials belong to.
func (e *Emulator) currentUser(w http.ResponseWriter, _ *http.Request, caller *user) {
	e.store.mu.Lock()
	body := currentUserView{ID: caller.id, Email: caller.email, Name: caller.name, Surname: caller.surname,
		RegistrationDate: caller.registered.UTC().Format(creationDateLayout)}
	e.store.mu.Unlock()
	writeJSON(w, http.StatusOK, body)
}

// status serves GET /status, which answers without credentials as UbiOps'
// does, so that a client can tell a UbiOps API from another server.
func (e *Emulator) status(w http.ResponseWriter, _ *http.Request, _ *user) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// IssueAccessToken hands out an access token for the person with email, as
// signing in would (without password or code), valid for the access-token
// TTL. Tests use it to act as any seeded person.
func (e *Emulator) IssueAccessToken(email string) (string, error) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	u := e.store.userByEmail(email)
	switch {
	case u == nil:
		return "", fmt.Errorf("no user has the email %q", email)
	case u.service:
		return "", fmt.Errorf("%s is a service user: it authenticates with its token", email)
	case u.status != statusActive:
		return "", fmt.Errorf("%s is invited and has no account yet", email)
	}
	return e.store.grant(u, e.clock().Add(e.accessTTL)), nil
}

// IssuedAccessTokens lists the access tokens handed out that the emulator
// still knows (an expired token is forgotten once it is refused), so that a
// test can search logs, plans and state for them.
func (e *Emulator) IssuedAccessTokens() []string {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	tokens := make([]string, 0, len(e.store.access))
	for token := range e.store.access {
		tokens = append(tokens, token)
	}
	return tokens
}

// Credentials are what a test or a script signs in with when it has no
// reason to pick another user.
type Credentials struct {
	// Email is the first seeded person's email.
	Email string
	// Password is that person's password; empty when the seed gives none.
	Password string
	// AccessToken is that person's pre-issued access token, sent as
	// "Authorization: Bearer <AccessToken>"; empty when the seed gives none.
	AccessToken string
	// ServiceToken is the first service user's token, sent as
	// "Authorization: Token <ServiceToken>"; empty without a service user.
	ServiceToken string
}

// Credentials returns the first seeded person's and service user's
// credentials.
func (e *Emulator) Credentials() Credentials {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	var c Credentials
	person, service := false, false
	for _, u := range e.store.users {
		switch {
		case u.service && !service:
			c.ServiceToken, service = u.token, true
		case !u.service && u.status == statusActive && !person:
			c.Email, c.Password, c.AccessToken, person = u.email, u.password, u.token, true
		}
	}
	return c
}
