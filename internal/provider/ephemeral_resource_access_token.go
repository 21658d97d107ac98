package provider

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure = &AccessTokenEphemeralResource{}
	_ ephemeral.EphemeralResourceWithRenew     = &AccessTokenEphemeralResource{}
)

// accessTokenTimeout bounds the sign-in of Open and the check of Renew,
// which have no timeouts block; like Configure's requests, they may wait
// out one rate-limit window.
const accessTokenTimeout = configureTimeout

// accessTokenRenewMargin is how long before its expiry a token is checked
// the first time, and how often it is checked after UbiOps outlived the
// expected expiry: the latency Terraform's RenewAt advice asks to allow for.
const accessTokenRenewMargin = 5 * time.Minute

// accessTokenPrivateKey names the private data that carries the token from
// Open to Renew. Terraform keeps an ephemeral resource's private data in
// memory for the run only, never in a plan or the state.
const accessTokenPrivateKey = "access_token"

// AccessTokenEphemeralResource hands out an access token of the person the
// provider signs in as, without it ever reaching a plan or the state.
type AccessTokenEphemeralResource struct {
	data *providerData
}

// NewAccessTokenEphemeralResource builds the ubiops_access_token ephemeral
// resource.
func NewAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &AccessTokenEphemeralResource{}
}

// accessTokenModel is ubiops_access_token's result.
type accessTokenModel struct {
	AccessToken   types.String `tfsdk:"access_token"`
	Authorization types.String `tfsdk:"authorization"`
}

// accessTokenPrivate is what Renew needs of the token Open obtained.
type accessTokenPrivate struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires"`
}

// Metadata names the ephemeral resource.
func (r *AccessTokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

// Schema describes ubiops_access_token.
func (r *AccessTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "An access token of the person the provider signs in as, for anything else that needs " +
			"to act as that person for the length of one Terraform run: a second `ubiops` provider, UbiOps' own " +
			"tools, or the `http` provider. As an ephemeral resource it never reaches a plan or the state. With " +
			"`email` and `password` the provider signs in once more for it, so the token is a new one; with " +
			"`api_token = \"Bearer ...\"` it is that token, as given. A service user's API token cannot " +
			"become a person's access token and is an error. Needs Terraform 1.10 or later, or OpenTofu 1.11 or later.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				Description: "The bare access token.",
				Computed:    true,
				Sensitive:   true,
			},
			"authorization": schema.StringAttribute{
				Description: "The value of an `Authorization` header that carries the token: `Bearer <access_token>`, " +
					"as the provider's `api_token`, UbiOps' `UBIOPS_API_TOKEN` and HTTP requests take it.",
				Computed:  true,
				Sensitive: true,
			},
		},
	}
}

// Configure receives the provider's client.
func (r *AccessTokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Open obtains the token. A token the provider signed in for is checked
// again shortly before it is expected to expire (RenewAt); a configured one
// has no known expiry and is never checked.
func (r *AccessTokenEphemeralResource) Open(ctx context.Context, _ ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, accessTokenTimeout)
	defer cancel()
	token, err := r.data.client.NewAccessToken(ctx)
	if err != nil {
		r.addOpenError(&resp.Diagnostics, err)
		return
	}
	result := accessTokenModel{
		AccessToken:   types.StringValue(token.Value()),
		Authorization: types.StringValue(ubiops.SchemeBearer + " " + token.Value()),
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &result)...)
	if resp.Diagnostics.HasError() || !token.SignedIn {
		return
	}
	private, err := json.Marshal(accessTokenPrivate{Token: token.Value(), Expires: token.Expires})
	if err != nil {
		resp.Diagnostics.AddError("Cannot keep the access token for renewal", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, accessTokenPrivateKey, private)...)
	resp.RenewAt = token.Expires.Add(-accessTokenRenewMargin)
}

// addOpenError explains why no token could be obtained.
func (r *AccessTokenEphemeralResource) addOpenError(diags *diag.Diagnostics, err error) {
	switch {
	case r.data.client.CredentialKind() == ubiops.CredentialServiceToken:
		diags.AddError("Cannot issue a UbiOps access token",
			"ubiops_access_token hands out a person's access token, and a service user's API token cannot be "+
				"exchanged for one.\n\n"+serviceTokenHint(r.data.credentials.token))
	case ubiops.IsSignInFailed(err):
		diags.AddError("UbiOps refused the sign-in for an access token", err.Error()+"\n\n"+r.data.credentials.refusedHint())
	default:
		diags.AddError("Cannot issue a UbiOps access token", r.data.apiErrorDetail(err, ""))
	}
}

// Renew runs while something still uses the token when it is about to
// expire. Terraform fixes an ephemeral resource's values when it opens it,
// and UbiOps documents no way to extend an access token, so Renew cannot
// hand out a new one: it asks UbiOps whether the token still works, and
// when UbiOps refuses it, it fails the run with the reason instead of
// leaving whatever uses the token to fail on a bare 401.
func (r *AccessTokenEphemeralResource) Renew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	if notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	raw, diags := req.Private.GetKey(ctx, accessTokenPrivateKey)
	resp.Diagnostics.Append(diags...)
	var private accessTokenPrivate
	if resp.Diagnostics.HasError() || json.Unmarshal(raw, &private) != nil || private.Token == "" {
		resp.Diagnostics.AddError("Cannot renew the UbiOps access token",
			"The token's private data is missing or broken. This is a bug in the provider; please report it.")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, accessTokenTimeout)
	defer cancel()
	token := ubiops.AccessTokenFrom(private.Token, private.Expires)
	_, err := r.data.client.CheckAccessToken(ctx, token)
	switch {
	case ubiops.IsUnauthorized(err):
		resp.Diagnostics.AddError("UbiOps no longer accepts the access token",
			"The access token that ubiops_access_token handed out at the start of this run has expired: UbiOps answered "+
				apiMessage(err)+"\n\nTerraform cannot replace an ephemeral resource's value during a run, so whatever "+
				"still uses the token (a provider configured with it, for example) would be refused as well. Run "+
				"Terraform again for a new token, or split the run so that no part of it outlasts the token.")
	case err != nil:
		resp.Diagnostics.AddError("Cannot check the UbiOps access token", r.data.apiErrorDetail(err, ""))
	default:
		resp.RenewAt = nextAccessTokenCheck(time.Now(), private.Expires)
	}
}

// nextAccessTokenCheck is when a token that UbiOps still accepted at now is
// checked again: when it is expected to expire, or, once UbiOps has
// outlived that, after another margin.
func nextAccessTokenCheck(now, expires time.Time) time.Time {
	if now.Before(expires) {
		return expires
	}
	return now.Add(accessTokenRenewMargin)
}
