// Package provider is the Terraform glue: the provider's schema and
// configuration (provider*.go), one file per resource (resource_*.go), data
// source (data_source_*.go) and list resource (list_resource_*.go), and glue
// they share (common_*.go). The organization rules live in internal/orgs;
// UbiOps is reached only through them and the ubiops client.
package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

var (
	_ provider.Provider                       = &UbiOpsProvider{}
	_ provider.ProviderWithConfigValidators   = &UbiOpsProvider{}
	_ provider.ProviderWithEphemeralResources = &UbiOpsProvider{}
	_ provider.ProviderWithListResources      = &UbiOpsProvider{}
)

// UbiOpsProvider is the ubiops provider.
type UbiOpsProvider struct {
	version string
	// configureTimeout, when not zero, replaces the package's
	// configureTimeout for this instance alone: a test of a stalled host
	// shortens it without touching the providers of tests running beside it.
	configureTimeout time.Duration
}

// providerModel is the provider block.
type providerModel struct {
	APIToken     types.String `tfsdk:"api_token"`
	Email        types.String `tfsdk:"email"`
	Password     types.String `tfsdk:"password"`
	TOTPSecret   types.String `tfsdk:"totp_secret"`
	Host         types.String `tfsdk:"host"`
	MaxRetries   types.Int64  `tfsdk:"max_retries"`
	MaxRetryWait types.String `tfsdk:"max_retry_wait"`
}

// New returns a function that builds the provider, for providerserver.Serve
// and for tests.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &UbiOpsProvider{version: version} }
}

// Metadata names the provider.
func (p *UbiOpsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "ubiops"
	resp.Version = p.version
}

// Schema describes the provider block.
func (p *UbiOpsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages UbiOps organizations and their members through the UbiOps Organizations API.",
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{
				Description: "An access token of a person, as `Bearer <token>`. A service user's API token " +
					"(`Token <token>`, or the bare token) is accepted too, but UbiOps does not let service users act " +
					"at organization level, so the plan then fails with an explanation. Defaults to the `" + envToken +
					"` environment variable, which is ignored when the block sets `email`, `password` or `totp_secret`. " +
					"Conflicts with `email`, `password` and `totp_secret`.",
				Optional:  true,
				Sensitive: true,
			},
			"email": schema.StringAttribute{
				Description: "The email address of the person the provider signs in as, with `password`. Defaults " +
					"to the `" + envEmail + "` environment variable, also when `password` is set in the block. Ignored " +
					"from the environment when the block sets `api_token`.",
				Optional: true,
			},
			"password": schema.StringAttribute{
				Description: "The password of the person the provider signs in as. Defaults to the `" + envPassword +
					"` environment variable, also when `email` is set in the block. Accounts that sign in only through " +
					"single sign-on have none: give an access token as `api_token` instead.",
				Optional:  true,
				Sensitive: true,
			},
			"totp_secret": schema.StringAttribute{
				Description: "The base32 TOTP secret of an account with two-factor authentication: the provider " +
					"computes the 6-digit code from it when it signs in. Defaults to the `" + envTOTPSecret +
					"` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"host": schema.StringAttribute{
				Description: "Base URL of the UbiOps API, including the version. Defaults to the `" + envHost +
					"` environment variable, else `" + ubiops.DefaultHost + "`. Must use `https://`, except for " +
					"loopback addresses such as a local UbiOps API emulator.",
				Optional: true,
			},
			"max_retries": schema.Int64Attribute{
				Description: fmt.Sprintf("How many times a failed request is tried again: a rate-limited one (429) of any kind; a read, update or "+
					"deletion that failed with 500, 502, 503, 504 or a lost connection; a creation only when it provably never reached UbiOps. Defaults to %d.", ubiops.DefaultRetryPolicy.MaxAttempts-1),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 100)},
			},
			"max_retry_wait": schema.StringAttribute{
				Description: fmt.Sprintf("The longest time, in total, that one request may spend waiting before its "+
					"retries (for rate-limit windows to reset, or backing off after a failure), as a Go duration such as "+
					"`90s` or `5m`. Defaults to `%s`.", ubiops.DefaultRetryPolicy.MaxWait),
				Optional:   true,
				Validators: []validator.String{durationValidator()},
			},
		},
	}
}

// Resources lists the provider's resources.
func (p *UbiOpsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewOrganizationResource,
		NewOrganizationUserResource,
		NewOrganizationMembersResource,
	}
}

// DataSources lists the provider's data sources.
func (p *UbiOpsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewCurrentUserDataSource,
		NewOrganizationDataSource,
		NewOrganizationsDataSource,
		NewOrganizationUserDataSource,
		NewOrganizationUsersDataSource,
		NewOrganizationUsageDataSource,
		NewOrganizationResourceUsageDataSource,
	}
}

// EphemeralResources lists the provider's ephemeral resources, whose values
// never reach a plan or the state (Terraform 1.10 and later, OpenTofu 1.11
// and later).
func (p *UbiOpsProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewAccessTokenEphemeralResource,
	}
}

// ListResources lists the provider's list resources, which `terraform
// query` (Terraform 1.14 and later) uses to find objects to import.
func (p *UbiOpsProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewOrganizationListResource,
		NewOrganizationUserListResource,
		NewOrganizationMembersListResource,
	}
}

// ConfigValidators refuses, at `terraform validate`, provider blocks whose
// arguments leave it unclear how to sign in.
func (p *UbiOpsProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	return []provider.ConfigValidator{credentialsValidator{}}
}
