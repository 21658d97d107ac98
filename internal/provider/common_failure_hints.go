package provider

import (
	"fmt"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

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
