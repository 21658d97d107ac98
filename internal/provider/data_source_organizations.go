package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

var _ datasource.DataSourceWithConfigure = &OrganizationsDataSource{}

// OrganizationsDataSource reads every organization the signed-in user belongs
// to.
type OrganizationsDataSource struct{ dataSourceBase }

// NewOrganizationsDataSource builds the ubiops_organizations data source.
func NewOrganizationsDataSource() datasource.DataSource {
	return &OrganizationsDataSource{dataSourceBase{typeSuffix: "_organizations"}}
}

// organizationSummaryModel holds the fields organizations_list returns for
// every organization; ubiops_organization adds those of the detail view.
type organizationSummaryModel struct {
	ID                            types.String `tfsdk:"id"`
	Name                          types.String `tfsdk:"name"`
	CreationDate                  types.String `tfsdk:"creation_date"`
	Status                        types.String `tfsdk:"status"`
	TwoFactorAuthenticationForced types.Bool   `tfsdk:"two_factor_authentication_forced"`
}

func newOrganizationSummary(o ubiops.Organization) organizationSummaryModel {
	return organizationSummaryModel{
		ID:                            types.StringValue(o.ID),
		Name:                          types.StringValue(o.Name),
		CreationDate:                  types.StringValue(o.CreationDate),
		Status:                        types.StringValue(o.Status),
		TwoFactorAuthenticationForced: types.BoolValue(o.TwoFactorAuthenticationForced),
	}
}

// organizationSummaryAttributes describes organizationSummaryModel, all
// read-only; ubiops_organization makes name its argument.
func organizationSummaryAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":   schema.StringAttribute{Description: "The organization's UUID, which stays the same when it is renamed.", Computed: true},
		"name": schema.StringAttribute{Description: "The organization's name, unique across UbiOps.", Computed: true},
		"creation_date": schema.StringAttribute{
			Description: "When the organization was created, as an RFC 3339 timestamp.",
			Computed:    true,
		},
		"status": schema.StringAttribute{Description: "The organization's status, such as `active`.", Computed: true},
		"two_factor_authentication_forced": schema.BoolAttribute{
			Description: "Whether every member must use two-factor authentication.",
			Computed:    true,
		},
	}
}

// organizationsModel is ubiops_organizations' state.
type organizationsModel struct {
	dataSourceTimeouts
	Organizations []organizationSummaryModel `tfsdk:"organizations"`
	Names         []string                   `tfsdk:"names"`
}

// Schema describes ubiops_organizations.
func (d *OrganizationsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock(ctx)},
		Description: "Every organization the signed-in user is a member of. Organizations the user does not belong " +
			"to are never listed. The subscription is not part of the list: read it with `ubiops_organization`.",
		Attributes: map[string]schema.Attribute{
			"organizations": schema.ListNestedAttribute{
				Description:  "The organizations, in the order UbiOps lists them.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: organizationSummaryAttributes()},
			},
			"names": schema.ListAttribute{
				Description: "The organizations' names, in the same order as `organizations`.",
				Computed:    true,
				ElementType: types.StringType,
			},
		},
	}
}

// Read lists the organizations.
func (d *OrganizationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state organizationsModel
	ctx, cancel, ok := d.readConfig(ctx, req, resp, &state)
	if !ok {
		return
	}
	defer cancel()
	orgs, err := d.data.client.ListOrganizations(ctx)
	if err != nil {
		d.data.addAPIError(&resp.Diagnostics, "Cannot list organizations", err, "")
		return
	}
	// Empty lists rather than null, so that length() and for expressions
	// work when the user belongs to no organization.
	state.Organizations = make([]organizationSummaryModel, 0, len(orgs))
	state.Names = make([]string, 0, len(orgs))
	for _, o := range orgs {
		state.Organizations = append(state.Organizations, newOrganizationSummary(o))
		state.Names = append(state.Names, o.Name)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
