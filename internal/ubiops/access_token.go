package ubiops

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
)

// AssumedAccessTokenLifetime is how long an access token is taken to last
// when nothing in it says otherwise. UbiOps does not document the lifetime
// of the access tokens that signing in hands out, and its answer carries no
// expiry; one hour is the emulator's default (emulator.DefaultAccessTokenTTL).
// A token that is a JWT with an "exp" claim is taken at its word instead.
const AssumedAccessTokenLifetime = time.Hour

// AccessToken is a person's access token, sent as "Authorization: Bearer
// <value>". Its value is held as a secret: printing an AccessToken, with any
// verb, never shows it.
type AccessToken struct {
	value *secret
	// Expires is when UbiOps stops accepting the token, as far as the client
	// knows (see AssumedAccessTokenLifetime); the zero time when the client
	// cannot know, for a token the configuration gave.
	Expires time.Time
	// SignedIn is true for a token this client obtained by signing in, false
	// for the access token the configuration gave (api_token = "Bearer ...").
	SignedIn bool
}

// AccessTokenFrom rebuilds an access token obtained earlier (by
// NewAccessToken) from its value, to check it with CheckAccessToken.
func AccessTokenFrom(value string, expires time.Time) AccessToken {
	return AccessToken{value: newSecret(value), Expires: expires, SignedIn: true}
}

// Value returns the bare access token, for the one place that hands it on.
func (t AccessToken) Value() string { return t.value.reveal() }

// errNoPersonCredentials is NewAccessToken's answer for a service user's
// token, which cannot become a person's access token.
var errNoPersonCredentials = errors.New("the credentials are a service user's API token (Token ...), " +
	"which UbiOps cannot exchange for a person's access token: sign in with an email and password, " +
	"or give a person's access token as \"Bearer ...\"")

// NewAccessToken returns an access token for the person the client
// authenticates as. A client that signs in does so again, apart from its
// own session, so the token is a new one that the client itself never
// sends; one configured with "Bearer ..." returns that token, whose expiry
// it cannot know. A service user's token is an error: it is no person's.
func (c *Client) NewAccessToken(ctx context.Context) (AccessToken, error) {
	auth, ok := c.http.Transport.(*authTransport)
	switch {
	case !ok:
		return AccessToken{}, errors.New("the client has no credential layer")
	case auth.session == nil && c.kind == CredentialAccessToken:
		_, value := ParseToken(auth.header.reveal())
		return AccessToken{value: newSecret(value)}, nil
	case auth.session == nil:
		return AccessToken{}, errNoPersonCredentials
	}
	// Measured before the request: UbiOps starts the token's lifetime no
	// earlier than it receives the sign-in.
	start := auth.session.clock.now()
	token, err := auth.session.signIn(ctx, false)
	if err != nil {
		return AccessToken{}, err
	}
	expires, ok := jwtExpiry(token.reveal())
	if !ok {
		expires = start.Add(AssumedAccessTokenLifetime)
	}
	return AccessToken{value: token.secret, Expires: expires, SignedIn: true}, nil
}

// CheckAccessToken asks UbiOps whether it still accepts token (GET /user
// sent with it) and returns the user it belongs to. A refused token is an
// *APIError with status 401 (IsUnauthorized).
func (c *Client) CheckAccessToken(ctx context.Context, token AccessToken) (*User, error) {
	hc := &http.Client{
		Transport:     &attachTransport{next: c.anonymous.Transport, header: newSecret(SchemeBearer + " " + token.Value())},
		CheckRedirect: refuseRedirect,
	}
	c.secrets.add(token.value)
	ans, err := c.send(ctx, hc, http.MethodGet, path("user"), nil, nil)
	if err != nil {
		return nil, err
	}
	if ans.status < 200 || ans.status > 299 {
		return nil, ans.apiError()
	}
	var user User
	if err := ans.decode(&user); err != nil {
		return nil, err
	}
	if what, missing := user.identify(); len(missing) > 0 {
		return nil, ans.badAnswer("the answer lacks the " + what + "'s " + strings.Join(missing, " and "))
	}
	return &user, nil
}

// jwtExpiry reads the "exp" claim of a token that is a JSON Web Token. The
// signature is not checked: the client does not trust the claim, it only
// learns from the issuer when the token stops working.
func jwtExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp *float64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == nil || *claims.Exp <= 0 {
		return time.Time{}, false
	}
	return time.Unix(int64(*claims.Exp), 0), true
}
