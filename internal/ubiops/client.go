// Package ubiops is the provider's own client for the UbiOps Organizations
// API (v2.1): typed models, one method per API operation, and an HTTP
// transport built from small layers (user agent, authentication, retries,
// rate-limit pacing). It knows nothing of Terraform.
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
	"time"
)

// DefaultHost is the base URL of the public UbiOps API.
const DefaultHost = "https://api.ubiops.com/v2.1"

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "terraform-provider-ubiops/dev"

// Logger receives the client's debug messages (retries, waits). The
// provider hands in an adapter to terraform-plugin-log; fields never hold the
// token.
type Logger interface {
	// Debug logs msg with fields at debug level.
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// RetryPolicy caps how hard the client tries before giving up.
type RetryPolicy struct {
	// MaxAttempts is the number of tries of one request, the first included.
	MaxAttempts int
	// MaxWait caps the total time spent waiting between tries of one request.
	MaxWait time.Duration
	// MinBackoff is the first wait of the exponential backoff used when the
	// server gives no hint of how long to wait.
	MinBackoff time.Duration
	// MaxBackoff caps each wait of that backoff.
	MaxBackoff time.Duration
}

// DefaultRetryPolicy is used for the zero fields of Config.Retry.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts: 8,
	MaxWait:     5 * time.Minute,
	MinBackoff:  500 * time.Millisecond,
	MaxBackoff:  30 * time.Second,
}

// Config configures a Client. Give either Token, or Email and Password (and
// TOTPSecret when the account has two-factor authentication).
type Config struct {
	// Host is the API's base URL, e.g. DefaultHost (see ParseHost).
	Host string
	// Token is the credential sent in the Authorization header:
	// "Bearer <access token>", "Token <API token>", or a bare API token
	// (sent as Token). See ParseToken.
	Token string
	// Email, with Password, signs in as a person (POST {Host}/authorize);
	// the access token this yields is sent as Bearer.
	Email string
	// Password is the person's UbiOps password.
	Password string
	// TOTPSecret is the base32 secret key of the account's two-factor
	// authentication; the client makes the 6-digit code from it.
	TOTPSecret string
	// UserAgent names the program and its version.
	UserAgent string
	// Retry limits retries; zero fields take DefaultRetryPolicy's values.
	Retry RetryPolicy
	// Transport is the innermost round tripper; nil means
	// http.DefaultTransport.
	Transport http.RoundTripper
	// Logger receives debug messages; nil discards them. No field ever holds
	// a secret.
	Logger Logger
}

// Client calls the UbiOps Organizations API. It is safe for concurrent use.
type Client struct {
	baseURL *url.URL
	// http sends credentials; anonymous sends none (the host check).
	http, anonymous *http.Client
	kind            CredentialKind
	// session signs in; nil when a token is configured.
	session *signInSession
	// secrets are scrubbed from the messages servers send back.
	secrets *redactor
	logger  Logger
}

// NewClient checks the configuration and builds a Client.
func NewClient(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	base, err := ParseHost(cfg.Host)
	if err != nil {
		return nil, fmt.Errorf("invalid API host: %w", err)
	}
	kind, err := checkCredentials(cfg)
	if err != nil {
		return nil, err
	}
	secrets := &redactor{}
	secrets.addConfig(cfg)
	cfg.Logger = redactingLogger{next: cfg.Logger, secrets: secrets}
	authenticated, anonymous := newStacks(cfg, kind, base, secrets, newPacer(cfg.Retry.MaxWait, cfg.Logger))
	return &Client{
		baseURL:   base,
		http:      &http.Client{Transport: authenticated, CheckRedirect: refuseRedirect},
		anonymous: &http.Client{Transport: anonymous, CheckRedirect: refuseRedirect},
		kind:      kind,
		session:   authenticated.session,
		secrets:   secrets,
		logger:    cfg.Logger,
	}, nil
}

// refuseRedirect makes an http.Client return a 3xx answer as it is rather
// than follow it: a redirect could carry the credentials, or a POST, to
// another server. send turns the answer into a *RedirectError.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// CredentialKind says how the client authenticates.
func (c *Client) CredentialKind() CredentialKind { return c.kind }

// SignIn signs in with the configured email and password unless the client
// already has an access token: one POST /authorize (two with a two-factor
// code), which proves the credentials without spending a request on
// GET /user. A refusal is a *SignInError. With a configured token it does
// nothing.
func (c *Client) SignIn(ctx context.Context) error {
	if c.session == nil {
		return nil
	}
	_, err := c.session.access(ctx, nil)
	return err
}

// BaseURL is the API's base URL the client sends its requests below, as
// configured (without a trailing slash), for messages that name the host.
func (c *Client) BaseURL() string { return c.baseURL.String() }

// withDefaults returns cfg with its zero fields set to their defaults. It is
// the one place defaults are applied (the host's is ParseHost's): the
// transport's layers take the result as given.
func (cfg Config) withDefaults() Config {
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Transport == nil {
		cfg.Transport = http.DefaultTransport
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger{}
	}
	d := DefaultRetryPolicy
	cfg.Retry = RetryPolicy{
		MaxAttempts: positiveOr(cfg.Retry.MaxAttempts, d.MaxAttempts),
		MaxWait:     positiveOr(cfg.Retry.MaxWait, d.MaxWait),
		MinBackoff:  positiveOr(cfg.Retry.MinBackoff, d.MinBackoff),
		MaxBackoff:  positiveOr(cfg.Retry.MaxBackoff, d.MaxBackoff),
	}
	return cfg
}

// positiveOr returns v, or def when v is not positive (unset).
func positiveOr[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// discardLogger is the logger of a Config that names none.
type discardLogger struct{}

// Debug drops the message: a client without a logger says nothing.
func (discardLogger) Debug(context.Context, string, map[string]any) {}

// path joins escaped segments below the base URL; organization names and
// user IDs are path segments and are escaped one by one.
func path(segments ...string) string {
	escaped := make([]string, len(segments))
	for i, s := range segments {
		escaped[i] = url.PathEscape(s)
	}
	return "/" + strings.Join(escaped, "/")
}

// maxAnswerSize bounds how much of an answer is read. The largest real
// answer, the member list of an organization of 10,000, is about 3 MB; a
// server sending more is not UbiOps, and reading on would only cost memory.
const maxAnswerSize = 32 << 20

// do sends one request with credentials and returns its 2xx answer. Any
// other status becomes an *APIError.
func (c *Client) do(ctx context.Context, method, p string, query url.Values, body any) (answer, error) {
	ans, err := c.send(ctx, c.http, method, p, query, body)
	if err != nil {
		return answer{}, err
	}
	if ans.status < 200 || ans.status > 299 {
		return answer{}, ans.apiError()
	}
	return ans, nil
}

// model is an answer's type: it names what it is and which of the fields
// that identify it are missing, so an answer that cannot be the object
// asked for is never taken for it.
type model interface {
	identify() (what string, missing []string)
}

// callObject makes a call whose answer is one T, and checks it.
func callObject[T any, P interface {
	*T
	model
}](ctx context.Context, c *Client, method, p string, query url.Values, body any) (*T, error) {
	ans, err := c.do(ctx, method, p, query, body)
	if err != nil {
		return nil, err
	}
	var out T
	if err := ans.decode(&out); err != nil {
		return nil, err
	}
	if what, missing := P(&out).identify(); len(missing) > 0 {
		return nil, ans.badAnswer(fmt.Sprintf("the answer lacks the %s's %s", what, strings.Join(missing, " and ")))
	}
	return &out, nil
}

// callList makes a call whose answer is a list of T, and checks every
// element.
func callList[T any, P interface {
	*T
	model
}](ctx context.Context, c *Client, method, p string, query url.Values) ([]T, error) {
	ans, err := c.do(ctx, method, p, query, nil)
	if err != nil {
		return nil, err
	}
	var out []T
	if err := ans.decode(&out); err != nil {
		return nil, err
	}
	for i := range out {
		if what, missing := P(&out[i]).identify(); len(missing) > 0 {
			return nil, ans.badAnswer(fmt.Sprintf("element %d of the answer lacks the %s's %s", i+1, what, strings.Join(missing, " and ")))
		}
	}
	return out, nil
}

// missingFields returns the names of the empty ones among name, value
// pairs.
func missingFields(pairs ...string) []string {
	var missing []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			missing = append(missing, pairs[i])
		}
	}
	return missing
}

// answer is a server's answer, read in full, and the request it answers.
type answer struct {
	method, path string
	status       int
	contentType  string
	body         []byte
	secrets      *redactor
}

// apiError describes a non-2xx answer, with any secret the server echoed
// redacted.
func (a answer) apiError() *APIError {
	apiErr := newAPIError(a.method, a.path, a.status, a.body)
	apiErr.Message = a.secrets.redact(apiErr.Message)
	return apiErr
}

// decode reads a success answer's JSON into out. An empty or null answer
// is an error: every operation that decodes expects an object or a list.
func (a answer) decode(out any) error {
	switch trimmed := bytes.TrimSpace(a.body); {
	case len(trimmed) == 0:
		return a.badAnswer("the answer is empty")
	case string(trimmed) == "null":
		return a.badAnswer("the answer is null")
	}
	if err := json.Unmarshal(a.body, out); err != nil {
		return a.badAnswer("the answer is not the expected JSON (" + err.Error() + ")")
	}
	return nil
}

// badAnswer describes a success answer that cannot be what was asked for.
func (a answer) badAnswer(problem string) *AnswerError {
	return &AnswerError{
		Method: a.method, Path: a.path, StatusCode: a.status,
		Problem: problem, Seen: a.secrets.redact(truncateMessage(string(a.body))),
	}
}

// send makes one request through hc (retries included) and reads the
// answer, which must not be a redirect: credentials never follow one.
func (c *Client) send(ctx context.Context, hc *http.Client, method, p string, query url.Values, body any) (answer, error) {
	req, err := c.newRequest(ctx, method, p, query, body)
	if err != nil {
		return answer{}, err
	}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		err = unwrapURLError(err)
		c.logger.Debug(ctx, "UbiOps API request failed", map[string]any{
			"method": method, "path": p, "error": err.Error(), "duration": time.Since(start).String(),
		})
		return answer{}, fmt.Errorf("%s %s: %w", method, p, err)
	}
	// The body is read in full below; a failed Close cannot change the
	// answer, so its error is deliberately ignored.
	defer func() { _ = resp.Body.Close() }()
	// One line per request (retries and waits included in the duration) so
	// that TF_LOG=DEBUG shows what an operation cost; never any header.
	c.logger.Debug(ctx, "UbiOps API request", map[string]any{
		"method": method, "path": p, "status": resp.StatusCode, "duration": time.Since(start).String(),
	})
	if err := redirectError(resp, method, p); err != nil {
		return answer{}, err
	}
	data, err := readAnswer(resp.Body)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: %w", method, p, err)
	}
	return answer{
		method: method, path: p, status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"),
		body: data, secrets: c.secrets,
	}, nil
}

// readAnswer reads a body of at most maxAnswerSize bytes. The request's
// context bounds the read: a server that stalls or drips bytes ends with it.
func readAnswer(body io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(body, maxAnswerSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	if len(data) > maxAnswerSize {
		return nil, &AnswerTooLargeError{Limit: maxAnswerSize}
	}
	return data, nil
}

// redirectError returns a *RedirectError for a 3xx answer, else nil.
func redirectError(resp *http.Response, method, p string) error {
	if resp.StatusCode < 300 || resp.StatusCode > 399 {
		return nil
	}
	return &RedirectError{Method: method, Path: p, StatusCode: resp.StatusCode, Location: resp.Header.Get("Location")}
}

// CheckHost confirms that the host is a UbiOps API v2.1: GET {host}/status
// must answer 200 {"status": "ok"}. Any other answer is a *HostCheckError
// carrying what came back, except a 429 or 5xx that outlasted the retries,
// which is an *APIError (server trouble says nothing about the host).
//
// The check sends no credentials: it exists to find out whether the host
// deserves them, and UbiOps answers /status to anyone.
func (c *Client) CheckHost(ctx context.Context) error {
	const p = "/status"
	ans, err := c.send(ctx, c.anonymous, http.MethodGet, p, nil, nil)
	if err != nil {
		return err
	}
	if ans.status == http.StatusTooManyRequests || ans.status >= 500 {
		return ans.apiError()
	}
	var status struct {
		Status string `json:"status"`
	}
	if ans.status == http.StatusOK && json.Unmarshal(ans.body, &status) == nil && status.Status == "ok" {
		return nil
	}
	return &HostCheckError{
		URL:         c.baseURL.JoinPath("status").String(),
		StatusCode:  ans.status,
		ContentType: ans.contentType,
		Seen:        c.secrets.redact(truncateMessage(string(ans.body))),
	}
}

// unwrapURLError drops *url.Error's wrapping, whose message repeats the full
// URL; the caller already names the method and path.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// newRequest builds the request for path p below the base URL. p comes from
// path() and is already escaped, so it is set as the raw path: escaping it
// again would turn an organization name's "%2F" into "%252F".
func (c *Client) newRequest(ctx context.Context, method, p string, query url.Values, body any) (*http.Request, error) {
	u := *c.baseURL
	u.RawPath = strings.TrimRight(c.baseURL.EscapedPath(), "/") + p
	unescaped, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, fmt.Errorf("building the %s %s request: %w", method, p, err)
	}
	u.Path = unescaped
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	var reader io.Reader
	var payload []byte
	if body != nil {
		payload, err = json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encoding the %s %s request: %w", method, p, err)
		}
		reader = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(withGroup(ctx, groupOfPath(p)), method, u.String(), reader)
	if err != nil {
		return nil, fmt.Errorf("building the %s %s request: %w", method, p, err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	return req, nil
}
