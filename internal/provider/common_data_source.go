package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// dataSourceBase gives every data source its type name and the provider's
// data, so that each data source file holds only its schema and its read.
type dataSourceBase struct {
	// typeSuffix follows the provider's name: "_organization" makes
	// ubiops_organization.
	typeSuffix string
	data       *providerData
}

// Metadata names the data source.
func (d *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.typeSuffix
}

// Configure receives the provider's client.
func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// dataSourceTimeouts is the timeouts block every data source has, so that a
// server that stalls or drips its answer ends in a clear error at plan
// instead of holding it for ever.
type dataSourceTimeouts struct {
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// readTimeouts returns the block's value.
func (t dataSourceTimeouts) readTimeouts() timeouts.Value { return t.Timeouts }

// dataSourceModel is a data source's state, which holds its timeouts block.
type dataSourceModel interface {
	readTimeouts() timeouts.Value
}

// dataSourceTimeoutsBlock is the data sources' timeouts block, described
// for the docs.
func dataSourceTimeoutsBlock(ctx context.Context) schema.Block {
	block := timeouts.Block(ctx)
	nested, ok := block.(schema.SingleNestedBlock)
	if !ok {
		return block
	}
	nested.Description = fmt.Sprintf("How long reading may take before it fails, as a duration such as `30s` or "+
		"`5m`. The default (%.0fm) leaves room for waiting on UbiOps' rate limits.", defaultReadTimeout.Minutes())
	return nested
}

// readConfig decodes the configuration into target and, when the read can
// go on (the configuration is valid and the provider configured), returns
// ctx bounded by the timeouts block's read value.
func (d *dataSourceBase) readConfig(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse, target dataSourceModel) (context.Context, context.CancelFunc, bool) {
	resp.Diagnostics.Append(req.Config.Get(ctx, target)...)
	if resp.Diagnostics.HasError() || notConfigured(d.data, &resp.Diagnostics) {
		return ctx, func() {}, false
	}
	return withTimeout(ctx, &resp.Diagnostics, target.readTimeouts().Read, defaultReadTimeout)
}

// organizationNameArgument is the required organization_name argument of the
// data sources that read one organization's details.
func organizationNameArgument(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Description: "The name of the organization whose " + what + " to read. It is " + organizationNameRule + ".",
		Required:    true,
		Validators:  []validator.String{organizationNameValidator()},
	}
}

// readMembers reads an organization's members through the list that all
// readers of the same organization share; ok is false when the read failed
// and the diagnostics say why.
func (d *dataSourceBase) readMembers(ctx context.Context, org string, diags *diag.Diagnostics) (_ []ubiops.OrganizationUser, ok bool) {
	users, err := d.data.orgs.Members(ctx, org)
	if err != nil {
		d.data.addAPIError(diags, cannotRead("members", org), err, adminPermission(org))
		return nil, false
	}
	return users, true
}

// adminPermission is what the organization endpoints require of the
// signed-in user, for the hint of a 403: UbiOps lets only an organization's
// admins read its details, usage and members, and change them.
func adminPermission(org string) string { return "an admin of organization " + org }

// cannotRead is the summary of a failed read: "Cannot read usage of
// organization acme-ml".
func cannotRead(what, org string) string {
	return fmt.Sprintf("Cannot read %s of organization %s", what, org)
}
