package provider

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// addAPIError turns a failed API call into a diagnostic: summary says what
// failed ("Cannot create organization member"), the detail keeps the API's
// own message verbatim and adds what to do about it. needs names the
// permission the call requires, for the 403 hint.
func (d *providerData) addAPIError(diags *diag.Diagnostics, summary string, err error, needs string) {
	diags.AddError(summary, d.apiErrorDetail(err, needs))
}

// apiErrorDetail is the detail of addAPIError's diagnostic.
func (d *providerData) apiErrorDetail(err error, needs string) string {
	// An error without a status is not UbiOps' answer (a redirect, a broken
	// or missing answer, no connection): it speaks for itself.
	detail := err.Error()
	if status := ubiops.StatusCode(err); status != 0 {
		detail = fmt.Sprintf("UbiOps answered %d %s: %s", status, http.StatusText(status), apiMessage(err))
	}
	if hint := d.errorHint(err, needs); hint != "" {
		detail += "\n\n" + hint
	}
	return detail
}

func apiMessage(err error) string {
	var apiErr *ubiops.APIError
	if errors.As(err, &apiErr) && apiErr.Message != "" {
		return apiErr.Message
	}
	return err.Error()
}

// errorHint says what to do about err, naming the settings that hold the
// credentials when they were refused.
func (d *providerData) errorHint(err error, needs string) string {
	switch {
	case ubiops.IsTimeout(err):
		return timeoutHint()
	case ubiops.IsCertificateError(err):
		return certificateHint(d.client.BaseURL())
	case ubiops.IsAnswerTooLarge(err):
		return oversizeHint(d.client.BaseURL())
	case ubiops.IsRedirect(err):
		return "" // the error says what to do
	case ubiops.IsBadAnswer(err):
		return "Nothing was recorded from this answer. Check that the provider's host is the UbiOps API, such as " +
			ubiops.DefaultHost + "; if it is, run Terraform again: an object that was created will be found."
	case ubiops.IsUnauthorized(err), ubiops.IsTokenRefused(err):
		return d.unauthorizedHint(err)
	case ubiops.IsForbidden(err):
		if needs == "" {
			needs = "a member of the organization"
		}
		if d.client.CredentialKind() == ubiops.CredentialServiceToken {
			// No admin can grant a service user organization rights.
			return serviceTokenHint(d.credentials.token)
		}
		return "The signed-in user lacks the permission for this: it must be " + needs +
			". Ask an admin of the organization to grant it, or sign in as a user who has it."
	case ubiops.IsRateLimited(err):
		return "UbiOps kept answering that the rate limit was exceeded, beyond the provider's retries. Wait a minute and run Terraform again, or raise the provider's max_retries and max_retry_wait."
	case ubiops.IsAmbiguous(err):
		return "The request failed without an answer from UbiOps (a server error or a lost connection). Run Terraform again: it reads what UbiOps holds now and plans only what is still to be done."
	}
	return ""
}

// lookupErrorDetail is the detail of a failed lookup's diagnostic: an
// unproven absence explains itself, API errors get apiErrorDetail's hints.
func (d *providerData) lookupErrorDetail(err error, needs string) string {
	var unproven *orgs.UnprovenAbsence
	if errors.As(err, &unproven) {
		return unproven.Error()
	}
	return d.apiErrorDetail(err, needs)
}

// ruleError is an error of the organization rules that carries its own
// one-line summary (orgs.ManagedTwiceError, orgs.LockoutError).
type ruleError interface {
	error
	Summary() string
}

// addRuleErrors adds an error diagnostic for each non-nil error.
func addRuleErrors(diags *diag.Diagnostics, errs ...error) {
	for _, err := range errs {
		var rule ruleError
		switch {
		case err == nil:
		case errors.As(err, &rule):
			diags.AddError(rule.Summary(), rule.Error())
		default:
			diags.AddError("Organization rule failed", err.Error())
		}
	}
}

// Failures that are neither UbiOps' answer nor a lost connection each get
// their own words: what happened and the fix for that case. Advice to "run
// Terraform again" is given only where running again can help.

// timeoutHint explains an operation that ran out of time before UbiOps
// answered.
func timeoutHint() string {
	return "The operation did not finish within its timeout: no answer came from UbiOps in time. Check that the host is " +
		"reachable from this machine (a proxy, firewall or VPN may hold requests back), then run Terraform again; if UbiOps " +
		"is only slow, give the operation more time in the timeouts block of the resource or data source (a list in " +
		"terraform query and an import have " + lookupTimeout.String() + ", the provider's own checks " +
		configureTimeout.String() + ")."
}

// certificateHint explains a TLS certificate the client refused.
func certificateHint(host string) string {
	return fmt.Sprintf("The TLS certificate of %s was not accepted, so no request reached it and nothing changed; running "+
		"Terraform again will not help. Check that the host is the UbiOps API, such as %s, whose certificate is publicly "+
		"trusted. Behind a proxy that inspects TLS, add the proxy's CA certificate to this machine's trusted certificates "+
		"(or point SSL_CERT_FILE at a file holding it). A local UbiOps API emulator is served over plain http on a "+
		"loopback address, such as http://127.0.0.1:8750/v2.1.", host, ubiops.DefaultHost)
}

// oversizeHint explains an answer larger than any UbiOps sends.
func oversizeHint(host string) string {
	return fmt.Sprintf("The answer was not read whole and nothing was recorded from it. No UbiOps answer comes near that "+
		"size, so %s is likely not the UbiOps API, or something in between (a proxy, a captive portal) answered instead. "+
		"Check the provider's host, such as %s; running Terraform again will not help until it is fixed.", host, ubiops.DefaultHost)
}

// unauthorizedHint says what to do about a 401 answer to an API request,
// after the credentials were accepted once (a refused sign-in is a
// *ubiops.SignInError, explained by refusedHint).
func (d *providerData) unauthorizedHint(err error) string {
	switch {
	case d.credentials.signsIn():
		return "UbiOps refused the access token the provider got by signing in, also after signing in again. The email " +
			"and password were accepted, so they are not the cause: UbiOps revoked the account's access tokens, or something " +
			"between the provider and UbiOps (a proxy) drops or changes the Authorization header. Run Terraform again; if " +
			"it happens every time, ask a UbiOps admin whether access tokens of the account are revoked."
	case ubiops.IsTokenExpired(err) && d.client.CredentialKind() == ubiops.CredentialAccessToken:
		return "The access token in " + d.credentials.token.source() + " has expired: access tokens that UbiOps hands out " +
			"when a person signs in are short-lived. Give a new one, or let the provider sign in itself with email and " +
			"password (and totp_secret for two-factor accounts): it then gets a new access token whenever it needs one."
	}
	return d.credentials.refusedHint()
}

// hostCheckSummary is the summary of a failed host check: only an answer
// that is not UbiOps' says the host is not a UbiOps API.
func hostCheckSummary(err error, host string) string {
	switch {
	case ubiops.IsHostCheckFailed(err), ubiops.IsAnswerTooLarge(err):
		return "Not a UbiOps API at " + host
	case ubiops.IsCertificateError(err):
		return "TLS certificate of " + host + " not accepted"
	case ubiops.IsTimeout(err):
		return "No answer in time from " + host
	}
	return "Cannot reach the UbiOps API at " + host
}
