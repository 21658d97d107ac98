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
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// RetryPolicy caps how hard the client tries before giving up.
type RetryPolicy struct {
	// MaxAttempts is the number of tries of one request, the first included.
	MaxAttempts int
	// MaxWait caps the total time spent waiting between tries of one request.
	MaxWait time.Duration
	// MinBackoff and MaxBackoff bound the exponential backoff used when the
	// server gives no hint of how long to wait.
	MinBackoff time.Duration
	MaxBackoff time.Duration
}

// DefaultRetryPolicy is used for the zero fields of Config.Retry.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts: 8,
	MaxWait:     5 * time.Minute,
	MinBackoff:  500 * time.Millisecond,
	MaxBackoff:  30 * time.Second,
}

// Config configures a Client.
type Config struct {
	// Host is the API's base URL, e.g. DefaultHost.
	Host string
	// Token is the credential sent in the Authorization header:
	// "Bearer <access token>", "Token <API token>", or a bare API token
	// (sent as Token). See ParseToken.
	Token string
	// UserAgent names the program and its version.
	UserAgent string
	// Retry limits retries; zero fields take DefaultRetryPolicy's values.
	Retry RetryPolicy
	// Transport is the innermost round tripper; nil means
	// http.DefaultTransport.
	Transport http.RoundTripper
	// Logger receives debug messages; nil discards them.
	Logger Logger
}

// Client calls the UbiOps Organizations API. It is safe for concurrent use.
type Client struct {
	baseURL *url.URL
	http    *http.Client
	// token is kept to scrub it from error messages the server sends back.
	token  *secret
	logger Logger
}

// NewClient checks the configuration and builds a Client.
func NewClient(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	base, err := url.Parse(strings.TrimRight(cfg.Host, "/"))
	if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("invalid API host %q: it must be an absolute http or https URL such as %s", cfg.Host, DefaultHost)
	}
	if NormalizeToken(cfg.Token) == "" {
		return nil, errors.New("no API token given")
	}
	token := newSecret(cfg.Token)
	return &Client{baseURL: base, http: &http.Client{Transport: newTransport(cfg, token)}, token: token, logger: cfg.Logger}, nil
}

// withDefaults returns cfg with its zero fields set to their defaults. It is
// the one place defaults are applied: the transport's layers take the result
// as given.
func (cfg Config) withDefaults() Config {
	if strings.TrimSpace(cfg.Host) == "" {
		cfg.Host = DefaultHost
	}
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

type discardLogger struct{}

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

// do sends one request and decodes a 2xx answer into out (when out is not
// nil). Any other status becomes an *APIError.
func (c *Client) do(ctx context.Context, method, p string, query url.Values, body, out any) error {
	req, err := c.newRequest(ctx, method, p, query, body)
	if err != nil {
		return err
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.logger.Debug(ctx, "UbiOps API request failed", map[string]any{
			"method": method, "path": p, "error": unwrapURLError(err).Error(), "duration": time.Since(start).String(),
		})
		return fmt.Errorf("%s %s: %w", method, p, unwrapURLError(err))
	}
	// The body is read in full below; a failed Close cannot change the
	// answer, so its error is deliberately ignored.
	defer func() { _ = resp.Body.Close() }()
	// One line per request (retries and waits included in the duration) so
	// that TF_LOG=DEBUG shows what an operation cost; never any header.
	c.logger.Debug(ctx, "UbiOps API request", map[string]any{
		"method": method, "path": p, "status": resp.StatusCode, "duration": time.Since(start).String(),
	})
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, p, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := newAPIError(method, p, resp.StatusCode, data)
		apiErr.Message = c.token.redact(apiErr.Message)
		return apiErr
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: decoding the answer: %w", method, p, err)
	}
	return nil
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
	req, err := http.NewRequestWithContext(ctx, method, u.String(), reader)
	if err != nil {
		return nil, fmt.Errorf("building the %s %s request: %w", method, p, err)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	return req, nil
}
