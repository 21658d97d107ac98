package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &OrganizationDataSource{}

// OrganizationDataSource reads one organization by name.
type OrganizationDataSource struct{ dataSourceBase }

// NewOrganizationDataSource builds the ubiops_organization data source.
func NewOrganizationDataSource() datasource.DataSource {
	return &OrganizationDataSource{dataSourceBase{typeSuffix: "_organization"}}
}

// organizationDetailModel is ubiops_organization's state: the list fields
// plus those only organizations_get returns.
type organizationDetailModel struct {
	dataSourceTimeouts
	organizationSummaryModel
	Subscription types.String `tfsdk:"subscription"`
	OverageUsage types.Bool   `tfsdk:"overage_usage"`
}

// Schema describes ubiops_organization.
func (d *OrganizationDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := organizationSummaryAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"name": schema.StringAttribute{
			Description: "The name of the organization to read. It is " + organizationNameRule +
				". The signed-in user must be an admin of it (UbiOps shows an organization's details only to its admins).",
			Required:   true,
			Validators: []validator.String{organizationNameValidator()},
		},
		"subscription": schema.StringAttribute{
			Description: "The name of the organization's subscription, such as `free`. Its start and end dates " +
				"are write-only in the API and cannot be read.",
			Computed: true,
		},
		"overage_usage": schema.BoolAttribute{
			Description: "Whether the organization may use more credits than its subscription includes. Null " +
				"when the API version does not report it.",
			Computed: true,
		},
	})
	resp.Schema = schema.Schema{
		Blocks:      map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock(ctx)},
		Description: "One UbiOps organization the signed-in user administers, read by name.",
		Attributes:  attrs,
	}
}

// Read gets the organization. It asks UbiOps every time rather than sharing
// an answer: a data source is read once per run, and a fresh answer shows
// changes made earlier in the same apply.
func (d *OrganizationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state organizationDetailModel
	ctx, cancel, ok := d.readConfig(ctx, req, resp, &state)
	if !ok {
		return
	}
	defer cancel()
	name := state.Name.ValueString()
	org, err := d.data.orgs.ReadOrganization(ctx, name)
	if err != nil {
		d.data.addAPIError(&resp.Diagnostics, "Cannot read organization "+name, err, adminPermission(name))
		return
	}
	state.organizationSummaryModel = newOrganizationSummary(*org)
	state.Subscription = types.StringValue(org.Subscription)
	state.OverageUsage = types.BoolPointerValue(org.OverageUsage)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
