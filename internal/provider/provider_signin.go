package provider

import (
	"context"
	"errors"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// checkCredentials proves, before anything is planned, that UbiOps accepts
// the credentials, spending as few of the user group's requests (30 a
// minute per address) as each way of signing in allows:
//   - email and password: the sign-in itself (POST /authorize), nothing
//     more. The signed-in user is known by the email; rules that need the
//     user's id compare emails instead, and ubiops_current_user asks
//     GET /user only when a configuration reads it.
//   - a person's access token ("Bearer ..."): GET /user, which both checks
//     the token and says whose it is.
//   - a service user's token ("Token ..."): the list of organizations, an
//     organization endpoint, which UbiOps refuses to service users with 403.
//
// It reports a failure and returns false.
func (d *providerData) checkCredentials(ctx context.Context, diags *diag.Diagnostics) bool {
	switch d.client.CredentialKind() {
	case ubiops.CredentialSignIn:
		if err := d.client.SignIn(ctx); err != nil {
			d.addSignInError(diags, err)
			return false
		}
		d.signedInUser = &ubiops.User{Email: d.credentials.email.value}
	case ubiops.CredentialServiceToken:
		if _, err := d.client.ListOrganizations(ctx); err != nil {
			d.addServiceTokenError(diags, err)
			return false
		}
	default:
		user, err := d.client.CurrentUser(ctx)
		if err != nil {
			d.addSignInError(diags, err)
			return false
		}
		d.signedInUser = user
	}
	return true
}

// addSignInError explains why the credentials were refused while the
// provider was configured: the step that failed first, then the setting to
// fix.
func (d *providerData) addSignInError(diags *diag.Diagnostics, err error) {
	var refusal *ubiops.SignInError
	if !errors.As(err, &refusal) {
		summary := "Cannot sign in to UbiOps"
		if d.client.CredentialKind() != ubiops.CredentialSignIn {
			summary = "Cannot check the UbiOps access token"
		}
		diags.AddError(summary, d.apiErrorDetail(err, ""))
		return
	}
	c := d.credentials
	switch {
	case refusal.Provider != "":
		diags.AddError("UbiOps account "+refusal.Email+" signs in through single sign-on ("+refusal.Provider+")",
			err.Error()+"\n\nA password sign-in cannot work for this account. Either sign in as an automation "+
				"account that has a password (email and password, with totp_secret for two-factor authentication), "+
				"or give a person's access token as api_token = \"Bearer ...\" (or "+envToken+"), and remove "+
				c.email.source()+" and "+c.password.source()+".")
	case refusal.Step == ubiops.StepTwoFactorCode && refusal.NeedsTOTPSecret:
		diags.AddError("UbiOps asks for a two-factor code", err.Error()+"\n\nSet "+c.totpSecret.name()+
			" to the secret key UbiOps showed when two-factor authentication was set up for "+refusal.Email+".")
	case refusal.Step == ubiops.StepTwoFactorCode:
		diags.AddError("UbiOps refused the two-factor code", err.Error()+"\n\nCheck "+c.totpSecret.source()+
			": it must be the secret key of "+refusal.Email+"'s two-factor authentication (the one UbiOps showed "+
			"when it was set up), and this machine's clock must be right, since codes change every 30 seconds.")
	default:
		diags.AddError("UbiOps refused the sign-in", err.Error()+"\n\n"+c.refusedHint())
	}
}

// addServiceTokenError explains why a service user's token cannot be used:
// UbiOps refuses service users at organization level.
func (d *providerData) addServiceTokenError(diags *diag.Diagnostics, err error) {
	if ubiops.IsForbidden(err) {
		diags.AddError("Service users cannot manage UbiOps organizations",
			serviceTokenHint(d.credentials.token)+"\n\nUbiOps answered 403 Forbidden to "+
				"GET /organizations: "+apiMessage(err))
		return
	}
	diags.AddError("Cannot check the UbiOps API token", d.apiErrorDetail(err, ""))
}

// currentUser is the signed-in user with every field GET /user answers.
// After a password sign-in only the email is known; the user is read once,
// when a configuration first needs more.
func (d *providerData) currentUser(ctx context.Context) (*ubiops.User, error) {
	if d.signedInUser != nil && d.signedInUser.ID != "" {
		return d.signedInUser, nil
	}
	return d.fullUser.get(ctx, d.client)
}

// userOnce reads GET /user once per run; a failure is not kept, so the next
// reader asks again.
type userOnce struct {
	mu   sync.Mutex
	user *ubiops.User
}

func (u *userOnce) get(ctx context.Context, client *ubiops.Client) (*ubiops.User, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.user != nil {
		return u.user, nil
	}
	user, err := client.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	u.user = user
	return user, nil
}
