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
