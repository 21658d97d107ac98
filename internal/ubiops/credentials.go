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
	"sync/atomic"
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
	CredentialsConflict:  "both a token and an email, password or TOTP secret are given: use one way of signing in",
	NoCredential:         "no credential given: give a token, or an email and password",
	PasswordWithoutEmail: "a password is given without an email",
	EmailWithoutPassword: "an email is given without a password",
	TOTPWithoutPassword:  "a TOTP secret is given without a password: it only serves signing in with an email and password",
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

// newStacks builds the two layer stacks of a client over cfg.Transport:
// authenticated for the API's operations, anonymous for the host check and
// the sign-in itself. Both pace their requests through p, since they count
// against the same rate-limit windows.
//
// The authenticated stack attaches the credential innermost, after the
// pacing wait and for each attempt: a request that waited for a rate-limit
// window goes out with the token current when it leaves, not one that may
// have expired while it waited. cfg has its defaults applied.
func newStacks(cfg Config, kind CredentialKind, baseURL *url.URL, secrets *redactor, p *pacer) (*authTransport, http.RoundTripper) {
	anonymous := newTransport(cfg, p, cfg.Transport)
	auth := &authTransport{}
	if kind == CredentialSignIn {
		auth.session = newSignInSession(anonymous, cfg, baseURL, secrets)
	} else {
		scheme, value := ParseToken(cfg.Token)
		secrets.add(newSecret(value))
		auth.header = newSecret(scheme + " " + value)
	}
	auth.next = newTransport(cfg, p, &attachTransport{next: cfg.Transport, header: auth.header, session: auth.session})
	return auth, anonymous
}

// newSignInSession prepares signing in with cfg's email and password; it
// sends its requests through next.
func newSignInSession(next http.RoundTripper, cfg Config, baseURL *url.URL, secrets *redactor) *signInSession {
	session := &signInSession{
		next:     next,
		baseURL:  baseURL,
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
	return session
}

// authTransport authenticates every request: with the configured token, or
// with the access token that signing in yields. It signs in before the
// first request that needs it, and again when UbiOps refuses an access
// token (a long, rate-limited apply outlives one); attachTransport, deeper
// in the stack, sets the header.
type authTransport struct {
	// next is the stack below, which ends in attachTransport.
	next http.RoundTripper
	// header is the Authorization value of a configured token (which
	// attachTransport sets); nil when the client signs in.
	header *secret
	// session signs in; nil when a token is configured.
	session *signInSession
}

// RoundTrip sends req with credentials. With a signed-in session, a 401
// means the access token is no longer accepted: the layer has the session
// renew it (one renewal for every request refused the same token) and
// repeats the request; a 401 is a refusal before any effect, so repeating
// even a POST is safe. The session decides when renewing is pointless
// (renewalRefused), which ends the loop.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.session == nil {
		return t.next.RoundTrip(req)
	}
	used := &usedToken{}
	ctx := context.WithValue(req.Context(), usedTokenKey{}, used)
	if _, err := t.session.access(ctx, nil); err != nil {
		return nil, err
	}
	r := req.WithContext(ctx)
	for {
		resp, err := t.next.RoundTrip(r)
		if err != nil || resp.StatusCode != http.StatusUnauthorized || (req.Body != nil && req.Body != http.NoBody && req.GetBody == nil) {
			return resp, err
		}
		refused := used.get()
		if refused == nil {
			return resp, nil // not sent with an access token of this session: nothing to renew
		}
		drainAndClose(resp)
		if _, err := t.session.access(ctx, refused); err != nil {
			return nil, err
		}
		r = req.Clone(ctx)
		if req.GetBody != nil {
			if r.Body, err = req.GetBody(); err != nil {
				return nil, fmt.Errorf("rewinding the request body: %w", err)
			}
		}
	}
}

// attachTransport sets the Authorization header of each attempt as it
// leaves, below the pacing and retry layers, and tells the session which
// access tokens UbiOps accepted.
type attachTransport struct {
	next    http.RoundTripper
	header  *secret
	session *signInSession
}

// RoundTrip sends a copy of req with the current credential.
func (t *attachTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.session == nil {
		return t.next.RoundTrip(withHeader(req, "Authorization", t.header.reveal()))
	}
	token := t.session.current()
	if token == nil {
		return nil, errors.New("no access token: the request was sent before signing in")
	}
	if used, ok := req.Context().Value(usedTokenKey{}).(*usedToken); ok {
		used.set(token)
	}
	resp, err := t.next.RoundTrip(withHeader(req, "Authorization", SchemeBearer+" "+token.reveal()))
	if err == nil && resp.StatusCode != http.StatusUnauthorized {
		token.accepted.Store(true)
	}
	return resp, err
}

// usedTokenKey marks a request's context with the usedToken holder.
type usedTokenKey struct{}

// usedToken is the access token the last attempt of a request carried, so
// that a 401 is traced to the token UbiOps refused.
type usedToken struct {
	mu    sync.Mutex
	token *issuedToken
}

func (u *usedToken) set(t *issuedToken) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.token = t
}

func (u *usedToken) get() *issuedToken {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.token
}

// issuedToken is an access token signing in yielded.
type issuedToken struct {
	*secret
	// renewal is set when the token replaced one UbiOps refused.
	renewal bool
	// accepted is set once UbiOps answered a request carrying the token
	// with anything but 401.
	accepted atomic.Bool
}

// signInSession signs in with an email and password, once for all requests
// however many run at once, and again only when asked to replace an access
// token the server refused.
type signInSession struct {
	next       http.RoundTripper
	baseURL    *url.URL
	email      string
	password   *secret
	totpSecret *secret
	secrets    *redactor
	logger     Logger
	clock      clock

	mu sync.Mutex
	// token is the current access token; nil before the first sign-in.
	token *issuedToken
	// flight is the sign-in under way, which concurrent requests wait for.
	flight *signInFlight
	// refused ends the session: UbiOps refused these credentials (the same
	// password would be refused again, and repeated failed sign-ins may
	// lock the account), or refused the access tokens it issued.
	refused error
}

// signInFlight is one sign-in; done closes when token or err is set.
type signInFlight struct {
	done  chan struct{}
	token *issuedToken
	err   error
}

// current is the access token to send now; nil before the first sign-in.
func (s *signInSession) current() *issuedToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token
}

// access returns the access token to send, signing in when there is none
// yet or when the current one is stale (a token the server refused). All
// requests refused the same token share one renewal.
func (s *signInSession) access(ctx context.Context, stale *issuedToken) (*issuedToken, error) {
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
			if err := s.renewalRefused(stale); err != nil {
				s.refused = err
				s.mu.Unlock()
				return nil, err
			}
			flight = &signInFlight{done: make(chan struct{})}
			s.flight = flight
			s.mu.Unlock()
			flight.token, flight.err = s.signIn(ctx, stale != nil)
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

// renewalRefused says why the stale token must not be replaced by signing
// in again, or returns nil when it may. A token that came from a renewal and
// was refused before UbiOps ever accepted it shows that signing in does not
// help. So a wave of 401 answers, however many resources meet it, costs one
// sign-in, and a second wave right after it ends the run instead of signing
// in again. Tokens that UbiOps accepted and then let expire are renewed as
// often as they expire, since a rate-limited apply may outlive many of
// them: there is no fixed cap, and the count grows with the apply's
// duration, never with the number of resources. The lock must be held.
func (s *signInSession) renewalRefused(stale *issuedToken) error {
	if stale != nil && stale.renewal && !stale.accepted.Load() {
		return &TokenRefusedError{Email: s.email}
	}
	return nil
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
// secret). renewal says that the token replaces one UbiOps refused.
func (s *signInSession) signIn(ctx context.Context, renewal bool) (*issuedToken, error) {
	start := s.clock.now()
	token, err := s.signInOnce(ctx)
	fields := map[string]any{"email": s.email, "duration": s.clock.now().Sub(start).String(), "renewal": renewal}
	if err != nil {
		fields["error"] = err.Error()
	}
	s.logger.Debug(ctx, "UbiOps sign-in", fields)
	if err != nil {
		return nil, err
	}
	return &issuedToken{secret: token, renewal: renewal}, nil
}

// signInOnce makes the requests of one sign-in: POST /authorize straight
// away, as that is all a password account needs, and once more with the
// two-factor code when UbiOps asks for it. Only a refusal makes it ask
// POST /oauth/sign-in how the account signs in, to explain a single
// sign-on account: every request here counts against the user group's 30
// a minute.
func (s *signInSession) signInOnce(ctx context.Context) (*secret, error) {
	step := StepPassword
	answer, err := s.authorize(ctx, nil)
	if err == nil && answer.access == "" && answer.needsCode() {
		step = StepTwoFactorCode
		if s.totpSecret == nil {
			return nil, &SignInError{Email: s.email, Step: step, StatusCode: answer.status, Message: answer.message, NeedsTOTPSecret: true}
		}
		code, codeErr := totp.GenerateCode(s.totpSecret.reveal(), s.clock.now())
		if codeErr != nil {
			return nil, fmt.Errorf("%s for %s: the TOTP secret is not valid base32", step, s.email)
		}
		answer, err = s.authorize(ctx, newSecret(code))
	}
	if err != nil {
		return nil, fmt.Errorf("%s as %s: %w", StepPassword, s.email, err)
	}
	if answer.status < 200 || answer.status > 299 {
		refusal := &SignInError{Email: s.email, Step: step, StatusCode: answer.status, Message: answer.message}
		if step == StepPassword {
			refusal.Provider = s.signInProvider(ctx)
		}
		return nil, refusal
	}
	if answer.access == "" {
		return nil, &SignInError{Email: s.email, Step: step, StatusCode: answer.status, Message: "the answer holds no access token"}
	}
	token := newSecret(answer.access)
	s.secrets.add(token)
	return token, nil
}

// signInProvider asks UbiOps how the account signs in (POST /oauth/sign-in,
// as UbiOps' own CLI does before signing in) and returns the name of its
// single sign-on provider, such as "google"; "" for a password account or
// when the answer says nothing usable.
func (s *signInSession) signInProvider(ctx context.Context) string {
	status, data, err := s.post(ctx, "oauth/sign-in", map[string]string{"email": s.email})
	if err != nil || status < 200 || status > 299 {
		return ""
	}
	var body struct {
		Provider string `json:"provider"`
	}
	if json.Unmarshal(data, &body) != nil {
		return ""
	}
	provider := strings.TrimSpace(body.Provider)
	if strings.EqualFold(provider, passwordProvider) || strings.ContainsFunc(provider, unicode.IsControl) {
		return ""
	}
	return truncateMessage(provider)
}

// passwordProvider is the provider /oauth/sign-in names for accounts that
// sign in with a password.
const passwordProvider = "ubiops"

// authorize sends one POST /authorize, with the two-factor code when code is
// not nil. A 429 or 5xx that outlasted the retries is an *APIError: it says
// nothing about the credentials.
func (s *signInSession) authorize(ctx context.Context, code *secret) (signInAnswer, error) {
	form := map[string]string{"email": s.email, "password": s.password.reveal()}
	if code != nil {
		form["token"] = code.reveal()
	}
	status, data, err := s.post(ctx, "authorize", form)
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
	if status == http.StatusTooManyRequests || status >= 500 {
		return signInAnswer{}, &APIError{StatusCode: status, Message: message, Method: http.MethodPost, Path: "/authorize"}
	}
	var body struct {
		Access string `json:"access"`
	}
	if status >= 200 && status <= 299 && json.Unmarshal(data, &body) == nil && body.Access != "" {
		return signInAnswer{status: status, access: body.Access}, nil
	}
	return signInAnswer{status: status, message: message}, nil
}

// post sends a JSON form to a user-group endpoint below the base URL,
// without credentials, and reads the answer, which must not be a redirect.
func (s *signInSession) post(ctx context.Context, endpoint string, form map[string]string) (int, []byte, error) {
	payload, err := json.Marshal(form)
	if err != nil {
		return 0, nil, err
	}
	p := "/" + endpoint
	req, err := http.NewRequestWithContext(withGroup(ctx, groupOfPath(p)), http.MethodPost, s.baseURL.JoinPath(endpoint).String(), bytes.NewReader(payload))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := s.next.RoundTrip(req)
	if err != nil {
		return 0, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if err := redirectError(resp, http.MethodPost, p); err != nil {
		return 0, nil, err
	}
	data, err := readAnswer(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, data, nil
}
