package ubiops

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"unicode/utf8"
)

// APIError is a non-2xx answer of the API.
type APIError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Message is the server's own message: the body's "error", else
	// "error_message", else "detail", else the raw body.
	Message string
	// Method is the request's HTTP method.
	Method string
	// Path is the request's path below the base URL.
	Path string
}

// Error gives the request, the status and the server's message verbatim.
func (e *APIError) Error() string {
	status := fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message == "" {
		return fmt.Sprintf("%s %s: %s", e.Method, e.Path, strings.TrimSpace(status))
	}
	return fmt.Sprintf("%s %s: %s: %s", e.Method, e.Path, strings.TrimSpace(status), e.Message)
}

func newAPIError(method, path string, status int, body []byte) *APIError {
	return &APIError{StatusCode: status, Message: errorMessage(body), Method: method, Path: path}
}

// maxMessage bounds how much of a body ends up in an error: an HTML error
// page or a runaway message is not worth a screenful.
const maxMessage = 512

// errorMessage extracts the server's message the way UbiOps' own clients do,
// as valid UTF-8 of at most maxMessage bytes plus an ellipsis.
func errorMessage(body []byte) string {
	if msg := fieldMessage(body); msg != "" {
		return msg
	}
	return truncateMessage(string(body))
}

// fieldMessage is the message a JSON body holds under "error", else
// "error_message", else "detail", or "" when it holds none: unlike
// errorMessage it never falls back to the raw body, for answers that may
// echo a secret (sign-in).
func fieldMessage(body []byte) string {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return ""
	}
	for _, key := range []string{"error", "error_message", "detail"} {
		if msg := messageText(fields[key]); msg != "" {
			return truncateMessage(msg)
		}
	}
	return ""
}

// truncateMessage makes msg valid UTF-8 and cuts it to maxMessage bytes on a
// character boundary.
func truncateMessage(msg string) string {
	msg = strings.TrimSpace(strings.ToValidUTF8(msg, "?"))
	if len(msg) <= maxMessage {
		return msg
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + "..."
}

// messageText reads a message that is a string, or a list or object of
// strings (the shapes validation errors take in some API versions).
func messageText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var list []any
	if json.Unmarshal(raw, &list) == nil {
		parts := make([]string, 0, len(list))
		for _, v := range list {
			parts = append(parts, fmt.Sprint(v))
		}
		return strings.Join(parts, "; ")
	}
	return strings.TrimSpace(string(raw))
}

// StatusCode returns the HTTP status of an *APIError in err's chain, or 0.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return StatusCode(err) == http.StatusNotFound }

// IsForbidden reports whether err is a 403 answer: the signed-in user lacks a
// permission.
func IsForbidden(err error) bool { return StatusCode(err) == http.StatusForbidden }

// IsUnauthorized reports whether err is a 401 answer: the token is missing,
// wrong or expired.
func IsUnauthorized(err error) bool { return StatusCode(err) == http.StatusUnauthorized }

// IsBadRequest reports whether err is a 400 answer: bad input or a broken
// rule.
func IsBadRequest(err error) bool { return StatusCode(err) == http.StatusBadRequest }

// IsRateLimited reports whether err is a 429 answer that outlasted the
// client's retries.
func IsRateLimited(err error) bool { return StatusCode(err) == http.StatusTooManyRequests }

// IsAmbiguous reports whether a write may or may not have taken effect: the
// request failed without a 4xx answer (a 5xx, a dropped connection, a
// timeout), so the server may have committed it before the answer was lost.
func IsAmbiguous(err error) bool {
	if err == nil {
		return false
	}
	status := StatusCode(err)
	return status == 0 || status >= 500
}

// SignInStep names a step of signing in, so that a refusal says which one
// failed.
type SignInStep string

// The steps of signing in.
const (
	// StepPassword is POST /authorize with the email and password.
	StepPassword SignInStep = "sign-in"
	// StepTwoFactorCode is POST /authorize again with the 6-digit code made
	// from the TOTP secret.
	StepTwoFactorCode SignInStep = "two-factor code"
)

// SignInError is UbiOps refusing to sign in: a wrong email or password, a
// single sign-on account (which has no password), a missing or wrong
// two-factor code, or an answer without an access token.
type SignInError struct {
	// Email is the account that tried to sign in.
	Email string
	// Step is the step UbiOps refused.
	Step SignInStep
	// StatusCode is the HTTP status of UbiOps' answer.
	StatusCode int
	// Message is UbiOps' message verbatim, with any secret redacted.
	Message string
	// NeedsTOTPSecret reports that the account has two-factor
	// authentication and no TOTP secret was configured to make the code.
	NeedsTOTPSecret bool
	// Provider is the single sign-on provider the account signs in with
	// (POST /oauth/sign-in), such as "google"; "" for a password account.
	Provider string
}

// Error names the step, the account and gives UbiOps' message verbatim.
func (e *SignInError) Error() string {
	status := fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	message := e.Message
	if message == "" {
		message = "the answer held no message (its body is not shown: it may repeat the password)"
	}
	switch {
	case e.Provider != "":
		return fmt.Sprintf("%s as %s: the account signs in through single sign-on with %s, and UbiOps offers no password "+
			"sign-in for it. UbiOps answered (%s): %s", StepPassword, e.Email, e.Provider, status, message)
	case e.NeedsTOTPSecret:
		return fmt.Sprintf("%s for %s: the account uses two-factor authentication, so signing in needs its TOTP secret "+
			"(totp_secret), from which the client makes the 6-digit code. UbiOps answered: %s", StepTwoFactorCode, e.Email, message)
	case e.Step == StepTwoFactorCode:
		return fmt.Sprintf("%s for %s: UbiOps accepted the email and password but refused the code made from the TOTP secret (%s): %s",
			StepTwoFactorCode, e.Email, status, message)
	}
	return fmt.Sprintf("%s as %s: UbiOps refused the email and password (%s): %s", StepPassword, e.Email, status, message)
}

// TokenRefusedError is UbiOps refusing the access tokens it issued: a
// token obtained by signing in again was refused before any request with
// it succeeded. Signing in once more would not help; the run ends.
type TokenRefusedError struct {
	// Email is the account signed in as.
	Email string
}

// Error says what happened and what may cause it.
func (e *TokenRefusedError) Error() string {
	return fmt.Sprintf("UbiOps refused the access token it had just issued when signing in again as %s (401 Unauthorized); "+
		"signing in once more would not help, so the run stops here", e.Email)
}

// IsTokenRefused reports whether err is a *TokenRefusedError.
func IsTokenRefused(err error) bool {
	var refused *TokenRefusedError
	return errors.As(err, &refused)
}

// IsSignInFailed reports whether err is UbiOps refusing to sign in (a
// *SignInError), as opposed to a network failure or server trouble while
// signing in.
func IsSignInFailed(err error) bool {
	var signInErr *SignInError
	return errors.As(err, &signInErr)
}

// HostCheckError says that the host did not answer GET /status the way a
// UbiOps API v2.1 does ({"status": "ok"}): a wrong host, or a base URL
// without /v2.1.
type HostCheckError struct {
	// URL is the address that was asked.
	URL string
	// StatusCode is the answer's HTTP status.
	StatusCode int
	// ContentType is the answer's Content-Type header; "" when absent.
	ContentType string
	// Seen is the start of the answer's body, as valid UTF-8.
	Seen string
}

// Error says what was asked and what came back.
func (e *HostCheckError) Error() string {
	seen := "an empty body"
	if e.Seen != "" {
		seen = fmt.Sprintf("%q", e.Seen)
	}
	contentType := ""
	if e.ContentType != "" {
		contentType = " (" + e.ContentType + ")"
	}
	return fmt.Sprintf("GET %s answered %d %s%s with %s, where a UbiOps API v2.1 answers {\"status\": \"ok\"}",
		e.URL, e.StatusCode, http.StatusText(e.StatusCode), contentType, seen)
}

// IsHostCheckFailed reports whether err is a *HostCheckError: the host is
// not a UbiOps API v2.1 base URL.
func IsHostCheckFailed(err error) bool {
	var hostErr *HostCheckError
	return errors.As(err, &hostErr)
}

// AnswerError is a success answer that cannot be what was asked for: empty,
// null, not the expected JSON, or without the fields that identify the
// object. Nothing in it may be trusted, and for a write it is unknown
// whether the write took effect (IsAmbiguous).
type AnswerError struct {
	// Method is the request's HTTP method.
	Method string
	// Path is the request's path below the base URL.
	Path string
	// StatusCode is the answer's HTTP status.
	StatusCode int
	// Problem says what is wrong with the answer.
	Problem string
	// Seen is the start of the answer's body, as valid UTF-8.
	Seen string
}

// Error says what was asked, what came back and what is wrong with it.
func (e *AnswerError) Error() string {
	seen := ""
	if e.Seen != "" {
		seen = fmt.Sprintf(": %q", e.Seen)
	}
	return fmt.Sprintf("%s %s answered %d %s, but %s%s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode), e.Problem, seen)
}

// IsBadAnswer reports whether err is an *AnswerError.
func IsBadAnswer(err error) bool {
	var answerErr *AnswerError
	return errors.As(err, &answerErr)
}

// RedirectError is a 3xx answer. The client never follows a redirect: it
// could take the credentials, or a write, to another server.
type RedirectError struct {
	// Method is the request's HTTP method.
	Method string
	// Path is the request's path below the base URL.
	Path string
	// StatusCode is the answer's HTTP status.
	StatusCode int
	// Location is where the server redirected to; "" when it did not say.
	Location string
}

// Error names the request and the Location.
func (e *RedirectError) Error() string {
	location := "without a Location"
	if e.Location != "" {
		location = "to " + e.Location
	}
	return fmt.Sprintf("%s %s answered %d %s, redirecting %s. Redirects are not followed, so that credentials never "+
		"reach another address: use the API's base URL itself as the host", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode), location)
}

// IsRedirect reports whether err is a *RedirectError.
func IsRedirect(err error) bool {
	var redirectErr *RedirectError
	return errors.As(err, &redirectErr)
}

// ConnectError is a request that got no answer from the host: the
// connection was refused, reset or timed out, the name did not resolve, or
// TLS failed. Connection failures are retried only for a few seconds.
type ConnectError struct {
	// Host is the host (and port) of the API's base URL.
	Host string
	// Err is the transport's error.
	Err error
}

// Error names the host and the transport's error.
func (e *ConnectError) Error() string {
	return fmt.Sprintf("could not connect to %s: %v", e.Host, e.Err)
}

// Unwrap returns the transport's error.
func (e *ConnectError) Unwrap() error { return e.Err }

// AnswerTooLargeError is an answer larger than any UbiOps sends, which the
// client stopped reading: the host is likely not the UbiOps API (or
// something in between answered instead).
type AnswerTooLargeError struct {
	// Limit is how many bytes the client reads at most.
	Limit int
}

// Error says how large an answer may be.
func (e *AnswerTooLargeError) Error() string {
	return fmt.Sprintf("the answer is larger than %d MiB, far more than any UbiOps answer; it was not read further", e.Limit>>20)
}

// IsAnswerTooLarge reports whether err is an *AnswerTooLargeError.
func IsAnswerTooLarge(err error) bool {
	var tooLarge *AnswerTooLargeError
	return errors.As(err, &tooLarge)
}

// IsCertificateError reports whether the client refused the host's TLS
// certificate: signed by an authority the system does not trust (a
// self-signed certificate, a proxy that inspects TLS), issued for another
// name, or expired. Trying again cannot help.
func IsCertificateError(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		authority x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &authority) || errors.As(err, &hostname) || errors.As(err, &invalid)
}

// IsTimeout reports whether a request ended because time ran out: the
// call's deadline (a timeouts block), or a network timeout, before an
// answer came.
func IsTimeout(err error) bool {
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout())
}

// IsTokenExpired reports whether err is a 401 answer saying that the access
// token expired, as opposed to one UbiOps does not know at all.
func IsTokenExpired(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized &&
		strings.Contains(strings.ToLower(apiErr.Message), "expired")
}
