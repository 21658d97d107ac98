package ubiops

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode"
)

// Authorization schemes a token may be sent with.
const (
	// SchemeToken sends a UbiOps API token (a service user's credential).
	SchemeToken = "Token"
	// SchemeBearer sends an access token obtained by signing in.
	SchemeBearer = "Bearer"
)

// ParseToken splits a credential into its Authorization scheme and its bare
// value. "Bearer <access>" and "Token <t>" name their scheme (the word in any
// letter case); a bare value means Token, as UbiOps' SDK assumes. UbiOps
// hands out API tokens that already begin with "Token ", and people paste
// them either way. A scheme word alone, as left by a template whose token
// was empty, is no credential: value is then "".
func ParseToken(token string) (scheme, value string) {
	t := strings.TrimSpace(token)
	for _, s := range []string{SchemeToken, SchemeBearer} {
		if strings.EqualFold(t, s) {
			return s, ""
		}
		if len(t) > len(s) && strings.EqualFold(t[:len(s)], s) && unicode.IsSpace(rune(t[len(s)])) {
			return s, strings.TrimSpace(t[len(s):])
		}
	}
	return SchemeToken, t
}

// NormalizeToken returns the bare value of a credential given with or
// without its scheme word ("Token " or "Bearer "), or "" when there is none.
func NormalizeToken(token string) string {
	_, value := ParseToken(token)
	return value
}

// redacted replaces the token wherever it would otherwise be printed.
const redacted = "[redacted]"

// secret holds the API token. The token lives only inside closures, which
// fmt prints as addresses whatever the verb and however deep, so a struct
// holding a secret cannot leak it by being printed; printing the secret
// itself shows a placeholder.
type secret struct {
	bare func() string
	// header is built once: it is sent with every request.
	header func() string
}

// newSecret keeps the bare form of a credential given with or without its
// scheme word ("Token " or "Bearer "), so the word is never sent twice, and
// the Authorization header that sends it under its scheme.
func newSecret(token string) *secret {
	scheme, bare := ParseToken(token)
	header := scheme + " " + bare
	return &secret{bare: func() string { return bare }, header: func() string { return header }}
}

// Format prints the placeholder for every verb, %#v and %d included.
func (s *secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// String returns the placeholder, for loggers that look for fmt.Stringer.
func (s *secret) String() string { return redacted }

// minRedactLength keeps redaction from mangling messages when the token is
// too short to be a real one (real tokens are 40 characters); replacing a
// one-letter "token" would garble every word that contains the letter.
const minRedactLength = 8

// redact removes the token from text a server sent back, in case the server
// echoes the credential in an error message.
func (s *secret) redact(text string) string {
	if s == nil || len(s.bare()) < minRedactLength {
		return text
	}
	return strings.ReplaceAll(text, s.bare(), redacted)
}

// Format prints the configuration with the token replaced by a placeholder,
// for every verb: a Config that ends up in a log or a panic message must not
// leak the credential.
func (c Config) Format(f fmt.State, _ rune) {
	_, _ = io.WriteString(f, c.String())
}

// String describes the configuration without the token.
func (c Config) String() string {
	token := "(none)"
	if NormalizeToken(c.Token) != "" {
		token = redacted
	}
	return fmt.Sprintf("ubiops.Config{Host: %q, Token: %s, UserAgent: %q, Retry: {MaxAttempts: %d, MaxWait: %s, MinBackoff: %s, MaxBackoff: %s}}",
		c.Host, token, c.UserAgent, c.Retry.MaxAttempts, c.Retry.MaxWait, c.Retry.MinBackoff, c.Retry.MaxBackoff)
}

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
