package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &OrganizationResourceUsageDataSource{}

// OrganizationResourceUsageDataSource reads how many resources of each kind
// an organization uses, to compare with its subscription's limits.
type OrganizationResourceUsageDataSource struct{ dataSourceBase }

// NewOrganizationResourceUsageDataSource builds the
// ubiops_organization_resource_usage data source.
func NewOrganizationResourceUsageDataSource() datasource.DataSource {
	return &OrganizationResourceUsageDataSource{dataSourceBase{typeSuffix: "_organization_resource_usage"}}
}

// organizationResourceUsageModel is ubiops_organization_resource_usage's
// state.
type organizationResourceUsageModel struct {
	dataSourceTimeouts
	OrganizationName   types.String `tfsdk:"organization_name"`
	Projects           types.Int64  `tfsdk:"projects"`
	Users              types.Int64  `tfsdk:"users"`
	Deployments        types.Int64  `tfsdk:"deployments"`
	DeploymentVersions types.Int64  `tfsdk:"deployment_versions"`
	Pipelines          types.Int64  `tfsdk:"pipelines"`
	PipelineVersions   types.Int64  `tfsdk:"pipeline_versions"`
	Buckets            types.Int64  `tfsdk:"buckets"`
	Environments       types.Int64  `tfsdk:"environments"`
}

// resourceCountDescriptions says what each count is. UbiOps left keys out in
// some API versions: a count it does not report reads as 0.
var resourceCountDescriptions = map[string]string{
	"projects":            "The number of projects in the organization (deleted projects do not count).",
	"users":               "The number of members of the organization, invited users included.",
	"deployments":         "The number of deployments over all projects.",
	"deployment_versions": "The number of deployment versions over all projects.",
	"pipelines":           "The number of pipelines over all projects.",
	"pipeline_versions":   "The number of pipeline versions over all projects.",
	"buckets":             "The number of storage buckets over all projects.",
	"environments":        "The number of custom environments over all projects.",
}

// Schema describes ubiops_organization_resource_usage.
func (d *OrganizationResourceUsageDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{"organization_name": organizationNameArgument("resource counts")}
	for name, description := range resourceCountDescriptions {
		attrs[name] = schema.Int64Attribute{
			Description: description + " 0 when the API version does not report it.",
			Computed:    true,
		}
	}
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock(ctx)},
		Description: "How many resources of each kind a UbiOps organization uses now, to compare with its " +
			"subscription's limits. The signed-in user must be an admin of the organization.",
		Attributes: attrs,
	}
}

// Read gets the counts.
func (d *OrganizationResourceUsageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state organizationResourceUsageModel
	ctx, cancel, ok := d.readConfig(ctx, req, resp, &state)
	if !ok {
		return
	}
	defer cancel()
	org := state.OrganizationName.ValueString()
	usage, err := d.data.client.GetResourceUsage(ctx, org)
	if err != nil {
		d.data.addAPIError(&resp.Diagnostics, cannotRead("resource usage", org), err, adminPermission(org))
		return
	}
	state.Projects = types.Int64Value(usage.Projects)
	state.Users = types.Int64Value(usage.Users)
	state.Deployments = types.Int64Value(usage.Deployments)
	state.DeploymentVersions = types.Int64Value(usage.DeploymentVersions)
	state.Pipelines = types.Int64Value(usage.Pipelines)
	state.PipelineVersions = types.Int64Value(usage.PipelineVersions)
	state.Buckets = types.Int64Value(usage.Buckets)
	state.Environments = types.Int64Value(usage.Environments)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
