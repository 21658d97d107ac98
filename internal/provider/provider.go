// Package provider is the Terraform glue: the provider's schema and
// configuration, and one file per resource and data source. It speaks to
// UbiOps only through the ubiops client.
package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Environment variables that configure the provider, the same ones UbiOps'
// own clients read.
const (
	envToken = "UBIOPS_API_TOKEN"
	envHost  = "UBIOPS_API_HOST"
)

var _ provider.Provider = &UbiOpsProvider{}

// UbiOpsProvider is the ubiops provider.
type UbiOpsProvider struct {
	version string
}

// providerModel is the provider block.
type providerModel struct {
	APIToken     types.String `tfsdk:"api_token"`
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
				Description: "A UbiOps API token of a person (service-user tokens cannot act at organization level), " +
					"with or without its `Token ` prefix. Defaults to the `" + envToken + "` environment variable. " +
					"Required one way or the other.",
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

// Configure builds the client that every resource and data source uses.
func (p *UbiOpsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A value that is only known after apply (from another resource) leaves
	// the provider unconfigured during plan; resources then plan without it.
	if cfg.APIToken.IsUnknown() || cfg.Host.IsUnknown() || cfg.MaxRetries.IsUnknown() || cfg.MaxRetryWait.IsUnknown() {
		return
	}

	token := stringOrEnv(cfg.APIToken, envToken)
	tokenSource := "the " + envToken + " environment variable"
	if !cfg.APIToken.IsNull() {
		tokenSource = "the provider's api_token argument"
	}
	if ubiops.NormalizeToken(token) == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_token"), "Missing UbiOps API token",
			"The provider needs a UbiOps API token. Set the api_token argument in the provider block or the "+
				envToken+" environment variable to a person's API token (with or without its \"Token \" prefix).")
		return
	}
	host := stringOrEnv(cfg.Host, envHost)
	if host == "" {
		host = ubiops.DefaultHost
	}
	if problem := hostProblem(host); problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("host"), "Invalid UbiOps API host", problem)
		return
	}

	retry := ubiops.RetryPolicy{}
	if !cfg.MaxRetries.IsNull() {
		// The policy counts tries, the attribute counts retries.
		retry.MaxAttempts = int(cfg.MaxRetries.ValueInt64()) + 1
	}
	if !cfg.MaxRetryWait.IsNull() {
		retry.MaxWait, _ = time.ParseDuration(cfg.MaxRetryWait.ValueString())
	}

	client, err := ubiops.NewClient(ubiops.Config{
		Host:      host,
		Token:     token,
		UserAgent: "terraform-provider-ubiops/" + p.version,
		Retry:     retry,
		Logger:    tflogAdapter{},
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the UbiOps client", err.Error())
		return
	}
	data := newProviderData(client, tokenSource)
	data.signedInUser = readSignedInUser(ctx, client)
	resp.ResourceData = data
	resp.DataSourceData = data
}

// Resources lists the provider's resources.
func (p *UbiOpsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewOrganizationResource,
		NewOrganizationUserResource,
	}
}

// DataSources lists the provider's data sources.
func (p *UbiOpsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewOrganizationDataSource,
		NewOrganizationsDataSource,
		NewOrganizationUserDataSource,
		NewOrganizationUsersDataSource,
		NewOrganizationUsageDataSource,
		NewOrganizationResourceUsageDataSource,
	}
}

func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return strings.TrimSpace(v.ValueString())
	}
	return strings.TrimSpace(os.Getenv(env))
}

// hostProblem says why a host is refused, or "" if it is fine. Plain http
// would send the token in clear text over a network, so it is only for
// loopback addresses (a local emulator).
func hostProblem(host string) string {
	u, err := url.Parse(host)
	if err != nil || u.Host == "" {
		return fmt.Sprintf("%q is not an absolute URL. Use the API's base URL, such as %s.", host, ubiops.DefaultHost)
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		if isLoopback(u.Hostname()) {
			return ""
		}
		return fmt.Sprintf("%q uses plain http, which would send the API token unencrypted. Use https, "+
			"or a loopback address (127.0.0.1, ::1, localhost) for a local emulator.", host)
	default:
		return fmt.Sprintf("%q must start with https:// (or http:// for a loopback address).", host)
	}
}

func isLoopback(hostname string) bool {
	if strings.EqualFold(hostname, "localhost") {
		return true
	}
	ip := net.ParseIP(hostname)
	return ip != nil && ip.IsLoopback()
}
