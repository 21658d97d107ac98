package emulator

import (
	"net/http"
	"strings"
)

// Signing in starts, in UbiOps' own CLI and web app, with POST /oauth/sign-in
// {"email"}: the answer names how the account signs in. Only "ubiops" goes
// on with POST /authorize (email and password); an account of a
// single-sign-on provider has no password, and the person's browser goes on
// at the provider's address instead.

// providerUbiOps is the sign-in provider of accounts with a password.
const providerUbiOps = "ubiops"

// ssoAuthorizeURLs are the single-sign-on providers a seed may give a person,
// each with the address where its sign-in goes on: the provider's own OAuth
// authorization endpoint.
var ssoAuthorizeURLs = map[string]string{
	"google":    "https://accounts.google.com/o/oauth2/v2/auth",
	"microsoft": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
}

// oauthSignInView is what POST /oauth/sign-in answers.
type oauthSignInView struct {
	Provider string `json:"provider"`
	// URL is where a single-sign-on sign-in goes on; null for "ubiops",
	// which goes on with POST /authorize.
	URL *string `json:"url"`
}

// oauthSignIn serves POST /oauth/sign-in: the provider the account with
// the given email signs in with. An email without an account (or of a
// service user or an invited person, who cannot sign in) answers "ubiops"
// like a password account, so that the answer never tells whether an
// address has an account; POST /authorize then refuses it.
func (e *Emulator) oauthSignIn(w http.ResponseWriter, r *http.Request, _ *user) {
	f, err := readFields(r)
	var email *string
	if err == nil {
		email, err = f.str("email")
	}
	if err == nil && (email == nil || strings.TrimSpace(*email) == "") {
		err = badRequest("email is required")
	}
	if err != nil {
		writeAPIError(w, err)
		return
	}
	view := oauthSignInView{Provider: providerUbiOps}
	e.store.mu.Lock()
	if u := e.store.userByEmail(strings.TrimSpace(*email)); u != nil && u.status == statusActive && !u.service {
		view.Provider = u.signInProvider
	}
	e.store.mu.Unlock()
	if url, ok := ssoAuthorizeURLs[view.Provider]; ok {
		view.URL = &url
	}
	writeJSON(w, http.StatusOK, view)
}
