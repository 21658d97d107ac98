package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// configureTimeout bounds the requests made while the provider is
// configured (the host check and the credential check), which have no
// timeouts block of their own. It leaves room for two of the user group's
// one-minute rate-limit windows to pass, so that a sign-in that meets 429
// waits and tries again.
const configureTimeout = 3 * time.Minute

// checkTimeout is the bound of the configuration checks of this instance:
// configureTimeout unless a test gave it a shorter one.
func (p *UbiOpsProvider) checkTimeout() time.Duration {
	if p.configureTimeout > 0 {
		return p.configureTimeout
	}
	return configureTimeout
}

// Configure builds the client that every resource and data source uses, and
// checks before anything is planned that the host is UbiOps and that the
// credentials are accepted: a wrong host or password fails `terraform plan`
// with one clear message instead of one error per resource.
func (p *UbiOpsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A value that is only known after apply (from another resource) leaves
	// the provider unconfigured during plan; resources then plan without it.
	if anyUnknown(cfg.APIToken, cfg.Email, cfg.Password, cfg.TOTPSecret, cfg.Host, cfg.MaxRetryWait) || cfg.MaxRetries.IsUnknown() {
		return
	}
	creds := resolveCredentials(cfg, true)
	creds.check(&resp.Diagnostics, true)
	host := resolveHost(cfg.Host, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := ubiops.NewClient(ubiops.Config{
		Host:       host.value,
		Token:      creds.token.value,
		Email:      creds.email.value,
		Password:   creds.password.value,
		TOTPSecret: creds.totpSecret.value,
		UserAgent:  "terraform-provider-ubiops/" + p.version,
		Retry:      retryPolicy(cfg),
		Logger:     tflogAdapter{},
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the UbiOps client", err.Error())
		return
	}

	ctx, cancel := context.WithTimeout(ctx, p.checkTimeout())
	defer cancel()
	data := newProviderData(client, creds)
	if err := client.CheckHost(ctx); err != nil {
		host.addError(&resp.Diagnostics, hostCheckSummary(err, host.value), hostCheckDetail(host, err, data))
		return
	}
	if !data.checkCredentials(ctx, &resp.Diagnostics) {
		return
	}
	if data.signedInUser != nil {
		// The email is the key of every rule about the signed-in user.
		data.orgs.SetSignedInUser(data.signedInUser.Email)
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.EphemeralResourceData = data
}

// retryPolicy is the client's retry policy from max_retries and
// max_retry_wait; zero fields take the client's defaults.
func retryPolicy(cfg providerModel) ubiops.RetryPolicy {
	var retry ubiops.RetryPolicy
	if !cfg.MaxRetries.IsNull() {
		// The policy counts tries, the attribute counts retries.
		retry.MaxAttempts = int(cfg.MaxRetries.ValueInt64()) + 1
	}
	if !cfg.MaxRetryWait.IsNull() {
		retry.MaxWait, _ = time.ParseDuration(cfg.MaxRetryWait.ValueString())
	}
	return retry
}

// credentialsValidator checks the provider block's credential arguments at
// `terraform validate`; Configure checks them again with the environment.
// Validation fails only for what no environment can mend (an empty token,
// both ways of signing in in the block): a password left out of the block
// may still come from UBIOPS_PASSWORD.
type credentialsValidator struct{}

// Description says what the validator enforces.
func (credentialsValidator) Description(context.Context) string {
	return "api_token conflicts with email, password and totp_secret; what the block leaves out may come from the environment"
}

// MarkdownDescription is Description.
func (v credentialsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

// ValidateProvider checks the combination of credential arguments.
func (credentialsValidator) ValidateProvider(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	creds := resolveCredentials(cfg, false)
	if anyUnknown(cfg.APIToken, cfg.Email, cfg.Password, cfg.TOTPSecret) {
		return
	}
	creds.check(&resp.Diagnostics, false)
}
