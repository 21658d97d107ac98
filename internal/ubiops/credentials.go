package ubiops

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/pquerna/otp/totp"
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

// CredentialKind says how a Client authenticates, so that a caller can
// explain a refusal: UbiOps lets service users (API tokens) act only on
// project level, never on organizations.
type CredentialKind string

// The kinds of credential a Client can use.
const (
	// CredentialServiceToken is an API token sent as "Token ...": a service
	// user's credential.
	CredentialServiceToken CredentialKind = "service token"
	// CredentialAccessToken is an access token given as "Bearer ...".
	CredentialAccessToken CredentialKind = "access token"
	// CredentialSignIn is an email and password (and maybe a TOTP secret)
	// that the client signs in with, sending the access token it gets.
	CredentialSignIn CredentialKind = "sign-in"
)

// redacted replaces a secret wherever it would otherwise be printed.
const redacted = "[redacted]"

// secret holds a credential: a token, password, TOTP secret or access token.
// The value lives only inside a closure, which fmt prints as an address
// whatever the verb and however deep, so a struct holding a secret cannot
// leak it by being printed; printing the secret itself shows a placeholder.
type secret struct {
	value func() string
}

func newSecret(value string) *secret { return &secret{value: func() string { return value }} }

// reveal returns the value, for the one place that sends it.
func (s *secret) reveal() string { return s.value() }

// Format prints the placeholder for every verb, %#v and %d included.
func (s *secret) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// String returns the placeholder, for loggers that look for fmt.Stringer.
func (s *secret) String() string { return redacted }

// Format prints the configuration with every secret replaced by a
// placeholder, for every verb: a Config that ends up in a log or a panic
// message must not leak a credential.
func (c Config) Format(f fmt.State, _ rune) {
	_, _ = io.WriteString(f, c.String())
}

// String describes the configuration without its secrets.
func (c Config) String() string {
	hidden := func(v string) string {
		if strings.TrimSpace(v) == "" {
			return "(none)"
		}
		return redacted
	}
	return fmt.Sprintf("ubiops.Config{Host: %q, Token: %s, Email: %q, Password: %s, TOTPSecret: %s, UserAgent: %q, "+
		"Retry: {MaxAttempts: %d, MaxWait: %s, MinBackoff: %s, MaxBackoff: %s}}",
		c.Host, hidden(NormalizeToken(c.Token)), c.Email, hidden(c.Password), hidden(c.TOTPSecret), c.UserAgent,
		c.Retry.MaxAttempts, c.Retry.MaxWait, c.Retry.MinBackoff, c.Retry.MaxBackoff)
}

// checkCredentials says what is wrong with the configuration's credentials,
// without ever repeating a secret, or returns the kind they make.
func checkCredentials(cfg Config) (CredentialKind, error) {
	token := NormalizeToken(cfg.Token)
	email, password, totpSecret := strings.TrimSpace(cfg.Email), cfg.Password, normalizeTOTPSecret(cfg.TOTPSecret)
	problems := CredentialProblems(CredentialsGiven{Token: token != "", Email: email != "", Password: password != "", TOTPSecret: totpSecret != ""})
	if len(problems) > 0 {
		return "", errors.New(credentialProblemMessages[problems[0]])
	}
	if token != "" {
		if strings.ContainsFunc(token, unicode.IsControl) {
			return "", errors.New("the token contains a control character, such as a line break: copy it again without one")
		}
		if scheme, _ := ParseToken(cfg.Token); scheme == SchemeBearer {
			return CredentialAccessToken, nil
		}
		return CredentialServiceToken, nil
	}
	if totpSecret != "" {
		if _, err := totp.GenerateCode(totpSecret, time.Now()); err != nil {
			return "", errors.New("the TOTP secret is not valid base32: give the secret key UbiOps showed when two-factor authentication was set up")
		}
	}
	return CredentialSignIn, nil
}

// credentialProblemMessages are the client's errors for CredentialProblems.
var credentialProblemMessages = map[CredentialProblem]string{
	CredentialsConflict:  "both a token and an email or password are given: use one way of signing in",
	NoCredential:         "no credential given: give a token, or an email and password",
	PasswordWithoutEmail: "a password is given without an email",
	EmailWithoutPassword: "an email is given without a password",
	TOTPWithoutPassword:  "a TOTP secret is only used when signing in with an email and password, not with a token",
}

// normalizeTOTPSecret drops the spaces authenticator apps group the secret
// key's letters with.
func normalizeTOTPSecret(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, s)
}

// authTransport authenticates every request: with the configured token, or
// with the access token that signing in yields.
type authTransport struct {
	next http.RoundTripper
	// header is the Authorization value of a configured token; nil when the
	// client signs in.
	header *secret
	// session signs in; nil when a token is configured.
	session *signInSession
}

// newAuthTransport builds the credential layer over next, which the
// sign-in request passes through too (it counts against the rate limit and
// is retried like any request).
func newAuthTransport(next http.RoundTripper, cfg Config, kind CredentialKind, baseURL *url.URL, secrets *redactor) *authTransport {
	if kind != CredentialSignIn {
		scheme, value := ParseToken(cfg.Token)
		secrets.add(newSecret(value))
		return &authTransport{next: next, header: newSecret(scheme + " " + value)}
	}
	session := &signInSession{
		next:     next,
		endpoint: baseURL.JoinPath("authorize").String(),
		email:    strings.TrimSpace(cfg.Email),
		password: newSecret(cfg.Password),
		secrets:  secrets,
		logger:   cfg.Logger,
		clock:    realClock,
	}
	secrets.add(session.password)
	if s := normalizeTOTPSecret(cfg.TOTPSecret); s != "" {
		session.totpSecret = newSecret(s)
		secrets.add(session.totpSecret)
	}
	return &authTransport{next: next, session: session}
}

// RoundTrip sends a copy of req with its Authorization header set. With a
// signed-in session, a 401 means the access token expired (a long,
// rate-limited apply outlives it): the layer signs in again, once, and
// repeats the request; a 401 is a refusal before any effect, so repeating
// even a POST is safe.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.session == nil {
		return t.next.RoundTrip(withHeader(req, "Authorization", t.header.reveal()))
	}
	ctx := req.Context()
	access, err := t.session.access(ctx, nil)
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(withHeader(req, "Authorization", SchemeBearer+" "+access.reveal()))
	if err != nil || resp.StatusCode != http.StatusUnauthorized || (req.Body != nil && req.Body != http.NoBody && req.GetBody == nil) {
		return resp, err
	}
	drainAndClose(resp)
	if access, err = t.session.access(ctx, access); err != nil {
		return nil, err
	}
	again := req.Clone(ctx)
	if req.GetBody != nil {
		if again.Body, err = req.GetBody(); err != nil {
			return nil, fmt.Errorf("rewinding the request body: %w", err)
		}
	}
	return t.next.RoundTrip(withHeader(again, "Authorization", SchemeBearer+" "+access.reveal()))
}

// signInSession signs in with an email and password, once for all requests
// however many run at once, and again only when asked to replace an access
// token the server refused.
type signInSession struct {
	next       http.RoundTripper
	endpoint   string
	email      string
	password   *secret
	totpSecret *secret
	secrets    *redactor
	logger     Logger
	clock      clock

	mu sync.Mutex
	// token is the current access token; nil before the first sign-in.
	token *secret
	// flight is the sign-in under way, which concurrent requests wait for.
	flight *signInFlight
	// refused is UbiOps' refusal of these credentials. It is final: the
	// same password would be refused again, and repeated failed sign-ins
	// may lock the account.
	refused error
}

// signInFlight is one sign-in; done closes when token or err is set.
type signInFlight struct {
	done  chan struct{}
	token *secret
	err   error
}

// access returns the access token to send, signing in when there is none
// yet or when the current one is stale (a token the server refused).
func (s *signInSession) access(ctx context.Context, stale *secret) (*secret, error) {
	for {
		s.mu.Lock()
		if s.refused != nil {
			s.mu.Unlock()
			return nil, s.refused
		}
		if s.token != nil && s.token != stale {
			token := s.token
			s.mu.Unlock()
			return token, nil
		}
		flight := s.flight
		if flight == nil {
			flight = &signInFlight{done: make(chan struct{})}
			s.flight = flight
			s.mu.Unlock()
			flight.token, flight.err = s.signIn(ctx)
			s.mu.Lock()
			s.flight = nil
			if flight.err == nil {
				s.token = flight.token
			} else if IsSignInFailed(flight.err) {
				s.refused = flight.err
			}
			s.mu.Unlock()
			close(flight.done)
			return flight.token, flight.err
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-flight.done:
		}
		// A sign-in that ended with its own caller's context says nothing
		// about this caller's: try again with this one.
		if ended := errors.Is(flight.err, context.Canceled) || errors.Is(flight.err, context.DeadlineExceeded); !ended {
			return flight.token, flight.err
		}
	}
}

// signInAnswer is what POST /authorize answered.
type signInAnswer struct {
	status int
	access string
	// message is UbiOps' message verbatim, secrets redacted.
	message string
}

// needsCode reports whether UbiOps asks for a two-factor code.
func (a signInAnswer) needsCode() bool {
	return strings.Contains(strings.ToLower(a.message), "two factor authentication")
}

// signIn asks UbiOps for an access token, with a two-factor code when the
// account has two-factor authentication, and logs the outcome (never a
// secret).
func (s *signInSession) signIn(ctx context.Context) (*secret, error) {
	start := s.clock.now()
	token, err := s.signInOnce(ctx)
	fields := map[string]any{"email": s.email, "duration": s.clock.now().Sub(start).String()}
	if err != nil {
		fields["error"] = err.Error()
	}
	s.logger.Debug(ctx, "UbiOps sign-in", fields)
	return token, err
}

// signInOnce makes the requests of one sign-in.
func (s *signInSession) signInOnce(ctx context.Context) (*secret, error) {
	answer, err := s.authorize(ctx, nil)
	if err == nil && answer.access == "" && answer.needsCode() {
		if s.totpSecret == nil {
			return nil, &SignInError{Email: s.email, StatusCode: answer.status, Message: answer.message, NeedsTOTPSecret: true}
		}
		code, codeErr := totp.GenerateCode(s.totpSecret.reveal(), s.clock.now())
		if codeErr != nil {
			return nil, fmt.Errorf("signing in as %s: the TOTP secret is not valid base32", s.email)
		}
		answer, err = s.authorize(ctx, newSecret(code))
	}
	if err != nil {
		return nil, fmt.Errorf("signing in as %s: %w", s.email, err)
	}
	if answer.status < 200 || answer.status > 299 {
		return nil, &SignInError{Email: s.email, StatusCode: answer.status, Message: answer.message}
	}
	if answer.access == "" {
		return nil, &SignInError{Email: s.email, StatusCode: answer.status, Message: "the answer holds no access token"}
	}
	token := newSecret(answer.access)
	s.secrets.add(token)
	return token, nil
}

// authorize sends one POST /authorize, with the two-factor code when code is
// not nil. A 429 or 5xx that outlasted the retries is an *APIError: it says
// nothing about the credentials.
func (s *signInSession) authorize(ctx context.Context, code *secret) (signInAnswer, error) {
	form := map[string]string{"email": s.email, "password": s.password.reveal()}
	if code != nil {
		form["token"] = code.reveal()
	}
	payload, err := json.Marshal(form)
	if err != nil {
		return signInAnswer{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.endpoint, bytes.NewReader(payload))
	if err != nil {
		return signInAnswer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := s.next.RoundTrip(req)
	if err != nil {
		return signInAnswer{}, err
	}
	defer func() { _ = resp.Body.Close() }()
	if err := redirectError(resp, http.MethodPost, "/authorize"); err != nil {
		return signInAnswer{}, err
	}
	data, err := readAnswer(resp.Body)
	if err != nil {
		return signInAnswer{}, err
	}
	// Only the API's own message, never the raw body: a server that echoes
	// the sign-in request would otherwise show the password in some form.
	message := s.secrets.redact(fieldMessage(data))
	if code != nil {
		// A code is too short to redact everywhere, but UbiOps may repeat
		// it in its refusal.
		message = strings.ReplaceAll(message, code.reveal(), redacted)
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return signInAnswer{}, &APIError{StatusCode: resp.StatusCode, Message: message, Method: http.MethodPost, Path: "/authorize"}
	}
	var body struct {
		Access string `json:"access"`
	}
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 && json.Unmarshal(data, &body) == nil && body.Access != "" {
		return signInAnswer{status: resp.StatusCode, access: body.Access}, nil
	}
	return signInAnswer{status: resp.StatusCode, message: message}, nil
}
