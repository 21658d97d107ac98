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
	if strings.TrimSpace(cfg.Host) == "" {
		cfg.Host = DefaultHost
	}
	base, err := url.Parse(strings.TrimRight(cfg.Host, "/"))
	if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("invalid API host %q: it must be an absolute http or https URL such as %s", cfg.Host, DefaultHost)
	}
	if NormalizeToken(cfg.Token) == "" {
		return nil, errors.New("no API token given")
	}
	cfg.Retry = cfg.Retry.withDefaults()
	if cfg.Logger == nil {
		cfg.Logger = discardLogger{}
	}
	if cfg.Transport == nil {
		cfg.Transport = http.DefaultTransport
	}
	token := newSecret(cfg.Token)
	return &Client{baseURL: base, http: &http.Client{Transport: newTransport(cfg, token)}, token: token, logger: cfg.Logger}, nil
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy
	if p.MaxAttempts > 0 {
		d.MaxAttempts = p.MaxAttempts
	}
	if p.MaxWait > 0 {
		d.MaxWait = p.MaxWait
	}
	if p.MinBackoff > 0 {
		d.MinBackoff = p.MinBackoff
	}
	if p.MaxBackoff > 0 {
		d.MaxBackoff = p.MaxBackoff
	}
	return d
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
