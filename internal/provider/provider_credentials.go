package provider

import (
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Environment variables that configure the provider. UBIOPS_API_TOKEN and
// UBIOPS_API_HOST are the ones UbiOps' own clients read.
const (
	envToken      = "UBIOPS_API_TOKEN"
	envHost       = "UBIOPS_API_HOST"
	envEmail      = "UBIOPS_EMAIL"
	envPassword   = "UBIOPS_PASSWORD"
	envTOTPSecret = "UBIOPS_TOTP_SECRET"
)

// setting is one provider setting, taken from its argument or else from its
// environment variable, remembering which: every message about a setting
// names the place where the user wrote it.
type setting struct {
	attribute string
	value     string
	// fromArgument is true when the provider block sets the argument.
	fromArgument bool
	// present is true when the argument or the variable is set at all, even
	// to a blank value.
	present bool
	env     string
}

// resolveSetting reads the argument, or the environment variable when the
// argument is null. Blank values are kept as present, so that `host = ""`
// is reported rather than silently replaced by a default.
func resolveSetting(v types.String, attribute, env string) setting {
	s := setting{attribute: attribute, env: env}
	if !v.IsNull() && !v.IsUnknown() {
		s.value, s.fromArgument, s.present = strings.TrimSpace(v.ValueString()), true, true
		return s
	}
	if env == "" {
		return s
	}
	if raw, ok := os.LookupEnv(env); ok {
		s.value, s.present = strings.TrimSpace(raw), true
	}
	return s
}

// argumentOnly is the setting as `terraform validate` sees it: the
// environment is not consulted before the provider is configured, but
// messages still name the variable as the other way to set it.
func argumentOnly(v types.String, attribute, env string) setting {
	s := resolveSetting(v, attribute, "")
	s.env = env
	return s
}

// set reports whether the setting holds a non-blank value.
func (s setting) set() bool { return s.value != "" }

// source names where the setting came from, for messages.
func (s setting) source() string {
	if s.fromArgument || s.env == "" {
		return "the provider's " + s.attribute + " argument"
	}
	return "the " + s.env + " environment variable"
}

// name is how a message names the setting when it is not set: the argument
// and, where there is one, its variable.
func (s setting) name() string {
	if s.env == "" {
		return s.attribute
	}
	return s.attribute + " (or " + s.env + ")"
}

// addError reports a problem with the setting, on its attribute when the
// provider block set it.
func (s setting) addError(diags *diag.Diagnostics, summary, detail string) {
	if s.fromArgument {
		diags.AddAttributeError(path.Root(s.attribute), summary, detail)
		return
	}
	diags.AddError(summary, detail)
}

// credentials are the ways the provider can authenticate: an API token (a
// person's access token as "Bearer ...", or a service user's "Token ..."),
// or a person's email and password, with a TOTP secret for accounts that
// use two-factor authentication.
type credentials struct {
	token, email, password, totpSecret setting
}

// resolveCredentials merges the provider block with the environment, one
// setting at a time: what the block sets wins, and a setting the block
// leaves out comes from its environment variable, so that `email` in the
// block works with UBIOPS_PASSWORD, and the reverse. When the block chooses
// a way of signing in (api_token, or any of email, password and
// totp_secret), the environment's variables of the other way are ignored: a
// shell that exports UBIOPS_API_TOKEN for other tools does not break a
// block that signs in with a password. With withEnv false (`terraform
// validate`) only the block is read; messages still name the variables.
func resolveCredentials(cfg providerModel, withEnv bool) credentials {
	c := credentials{
		token:      argumentOnly(cfg.APIToken, "api_token", envToken),
		email:      argumentOnly(cfg.Email, "email", envEmail),
		password:   argumentOnly(cfg.Password, "password", envPassword),
		totpSecret: argumentOnly(cfg.TOTPSecret, "totp_secret", envTOTPSecret),
	}
	if !withEnv {
		return c
	}
	if !c.signInInBlock() {
		c.token = resolveSetting(cfg.APIToken, "api_token", envToken)
	}
	if !c.token.fromArgument {
		c.email = resolveSetting(cfg.Email, "email", envEmail)
		c.password = resolveSetting(cfg.Password, "password", envPassword)
		c.totpSecret = resolveSetting(cfg.TOTPSecret, "totp_secret", envTOTPSecret)
	}
	return c
}

// signInInBlock reports whether the provider block sets any setting of
// signing in with email and password.
func (c credentials) signInInBlock() bool {
	return c.email.fromArgument || c.password.fromArgument || c.totpSecret.fromArgument
}

// signsIn reports whether the provider signs in with email and password.
func (c credentials) signsIn() bool { return c.password.set() }

// check reports every combination that leaves it unclear how to sign in
// (ubiops.CredentialProblems decides which may be combined).
// requireSome is false during validation, when the environment may still
// supply what the configuration leaves out: only an empty token and both
// ways of signing in are errors then.
func (c credentials) check(diags *diag.Diagnostics, requireSome bool) {
	if c.token.present && !c.token.set() || c.token.set() && ubiops.NormalizeToken(c.token.value) == "" {
		c.token.addError(diags, "Empty UbiOps API token",
			capitalized(c.token.source())+" is set but holds no token. Give a person's access token as \"Bearer ...\" or a "+
				"service user's token as \"Token ...\", or remove it and sign in with email and password.")
	}
	given := ubiops.CredentialsGiven{Token: c.token.set(), Email: c.email.set(), Password: c.password.set(), TOTPSecret: c.totpSecret.set()}
	for _, problem := range ubiops.CredentialProblems(given) {
		if requireSome || problem == ubiops.CredentialsConflict {
			c.addProblem(diags, problem)
		}
	}
}

// addProblem reports a problem of ubiops.CredentialProblems against the
// settings that gave the credentials.
func (c credentials) addProblem(diags *diag.Diagnostics, problem ubiops.CredentialProblem) {
	switch problem {
	case ubiops.CredentialsConflict:
		other := c.totpSecret
		for _, s := range []setting{c.email, c.password} {
			if s.set() {
				other = s
			}
		}
		c.token.addError(diags, "Conflicting UbiOps credentials",
			capitalized(c.token.source())+" and "+other.source()+" are both set. The provider authenticates either with an API "+
				"token or by signing in with email and password, and never picks one silently: remove one of them.")
	case ubiops.EmailWithoutPassword:
		c.email.addError(diags, "Missing UbiOps password",
			capitalized(c.email.source())+" is set, but "+c.password.name()+" is not. Signing in needs both; "+
				"set the password, or remove the email and use an API token.")
	case ubiops.PasswordWithoutEmail:
		c.password.addError(diags, "Missing UbiOps email",
			capitalized(c.password.source())+" is set, but "+c.email.name()+" is not. Signing in needs the account's email "+
				"address as well as its password.")
	case ubiops.TOTPWithoutPassword:
		c.totpSecret.addError(diags, "TOTP secret without a password",
			capitalized(c.totpSecret.source())+" is set, but "+c.password.name()+" is not. The TOTP secret only serves "+
				"signing in with email and password on an account with two-factor authentication.")
	case ubiops.NoCredential:
		// An empty token has its own error above.
		if !c.token.present {
			diags.AddError("Missing UbiOps credentials",
				"The provider needs to sign in to UbiOps as a person. Set email and password (or "+envEmail+" and "+
					envPassword+", plus totp_secret or "+envTOTPSecret+" for an account with two-factor "+
					"authentication), or api_token (or "+envToken+") to a person's access token as \"Bearer ...\". "+
					"Service-user tokens (\"Token ...\") cannot manage organizations.")
		}
	}
}

// refusedHint says what to check when UbiOps refuses the credentials.
func (c credentials) refusedHint() string {
	if c.signsIn() {
		return "Check " + c.email.source() + " and " + c.password.source() + ". An account with two-factor " +
			"authentication also needs " + c.totpSecret.name() + "; an account that signs in only through single " +
			"sign-on has no password and needs an access token as api_token = \"Bearer ...\"."
	}
	return "Check the token in " + c.token.source() + ": it must be a valid access token of a person " +
		"(\"Bearer ...\"), not expired or revoked. Access tokens are short-lived; signing in with email and " +
		"password lets the provider get a new one whenever it needs to."
}

// serviceTokenHint explains why a service user's token cannot manage
// organizations, and how to sign in as a person instead.
func serviceTokenHint(token setting) string {
	return "The credential in " + token.source() + " is an API token (\"Token ...\"), which belongs to a " +
		"service user. UbiOps defines service users on project level: they cannot perform actions on " +
		"organization level. Sign in as a person instead: set email and password (or " + envEmail + " and " +
		envPassword + ", with totp_secret or " + envTOTPSecret + " for two-factor accounts), or give a person's " +
		"access token as api_token = \"Bearer ...\"."
}

// capitalized starts a sentence with a setting's source ("the provider's
// ..." becomes "The provider's ...").
func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
