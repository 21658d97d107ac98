package provider

import (
	"context"
	"fmt"
	"math"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

var (
	_ datasource.DataSourceWithConfigure        = &OrganizationUsageDataSource{}
	_ datasource.DataSourceWithConfigValidators = &OrganizationUsageDataSource{}
	_ datasource.DataSourceWithValidateConfig   = &OrganizationUsageDataSource{}
)

// Usage intervals the API accepts; month is its default.
const (
	usageIntervalDay   = "day"
	usageIntervalMonth = "month"
)

// OrganizationUsageDataSource reads the credits an organization used over a
// period, per interval, per project.
type OrganizationUsageDataSource struct{ dataSourceBase }

// NewOrganizationUsageDataSource builds the ubiops_organization_usage data
// source.
func NewOrganizationUsageDataSource() datasource.DataSource {
	return &OrganizationUsageDataSource{dataSourceBase{typeSuffix: "_organization_usage"}}
}

// organizationUsageModel is ubiops_organization_usage's state.
type organizationUsageModel struct {
	dataSourceTimeouts
	OrganizationName    types.String        `tfsdk:"organization_name"`
	StartDate           types.String        `tfsdk:"start_date"`
	EndDate             types.String        `tfsdk:"end_date"`
	Interval            types.String        `tfsdk:"interval"`
	DataOrganization    []usagePointModel   `tfsdk:"data_organization"`
	DataProjects        []projectUsageModel `tfsdk:"data_projects"`
	DataDeletedProjects []usagePointModel   `tfsdk:"data_deleted_projects"`
	TotalCredits        types.Float64       `tfsdk:"total_credits"`
}

// usagePointModel is the credits used in one interval.
type usagePointModel struct {
	StartDate types.String  `tfsdk:"start_date"`
	EndDate   types.String  `tfsdk:"end_date"`
	Value     types.Float64 `tfsdk:"value"`
}

// projectUsageModel is one live project's series.
type projectUsageModel struct {
	ProjectID   types.String      `tfsdk:"project_id"`
	ProjectName types.String      `tfsdk:"project_name"`
	Data        []usagePointModel `tfsdk:"data"`
}

// usagePeriodRule says how a usage period is given, for descriptions and
// errors.
const usagePeriodRule = "a date as YYYY-MM-DD (midnight UTC) or an RFC 3339 timestamp; `start_date` and " +
	"`end_date` go together, and the period must start before it ends"

// usagePoints describes a list of data points.
func usagePoints(description string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Description: description + " One data point per interval, in time order.",
		Computed:    true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"start_date": schema.StringAttribute{Description: "Where the interval starts (RFC 3339), included.", Computed: true},
			"end_date":   schema.StringAttribute{Description: "Where the interval ends (RFC 3339), excluded.", Computed: true},
			"value": schema.Float64Attribute{
				Description: "The credits used in the interval: an instance type's credit rate per hour times the hours it ran.",
				Computed:    true,
			},
		}},
	}
}

// Schema describes ubiops_organization_usage.
func (d *OrganizationUsageDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	dateValidators := []validator.String{dateValidator(true)}
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock(ctx)},
		Description: "The credits a UbiOps organization used over a period, per day or per month, for the whole " +
			"organization, per project and for its deleted projects. Without dates, the current subscription " +
			"period: one month from the subscription's start day. The signed-in user must be an admin of the organization.",
		Attributes: map[string]schema.Attribute{
			"organization_name": organizationNameArgument("credit usage"),
			"start_date": schema.StringAttribute{
				Description: "Where the period starts: " + usagePeriodRule + ". When omitted with `end_date`, " +
					"the start of the current subscription period as UbiOps reports it.",
				Optional:   true,
				Computed:   true,
				Validators: dateValidators,
			},
			"end_date": schema.StringAttribute{
				Description: "Where the period ends: " + usagePeriodRule + ". When omitted with `start_date`, " +
					"the end of the current subscription period as UbiOps reports it.",
				Optional:   true,
				Computed:   true,
				Validators: dateValidators,
			},
			"interval": schema.StringAttribute{
				Description: "The length of one data point: `day` or `month`. Defaults to `month`. Months count " +
					"from the period's start day.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.OneOf(usageIntervalDay, usageIntervalMonth)},
			},
			"data_organization": usagePoints("The credits the whole organization used, deleted projects included."),
			"data_projects": schema.ListNestedAttribute{
				Description: "The credits each existing project used.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"project_id":   schema.StringAttribute{Description: "The project's UUID.", Computed: true},
					"project_name": schema.StringAttribute{Description: "The project's name.", Computed: true},
					"data":         usagePoints("The credits the project used."),
				}},
			},
			"data_deleted_projects": usagePoints("The credits used by projects that have since been deleted, together."),
			"total_credits": schema.Float64Attribute{
				Description: "The credits the organization used over the whole period: the sum of `data_organization`'s values.",
				Computed:    true,
			},
		},
	}
}

// ConfigValidators requires both dates or neither, as the API does.
func (d *OrganizationUsageDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.RequiredTogether(path.MatchRoot("start_date"), path.MatchRoot("end_date")),
	}
}

// ValidateConfig requires the period to start before it ends, which the
// attributes' own validators cannot see. Badly formed dates are left to
// those validators.
func (d *OrganizationUsageDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var start, end types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("start_date"), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("end_date"), &end)...)
	if resp.Diagnostics.HasError() || !isKnown(start) || !isKnown(end) {
		return
	}
	from, errFrom := parseDate(start.ValueString(), true)
	to, errTo := parseDate(end.ValueString(), true)
	if errFrom != nil || errTo != nil || from.Before(to) {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("end_date"), "Invalid usage period",
		fmt.Sprintf("end_date %q is not after start_date %q: the period must start before it ends.",
			end.ValueString(), start.ValueString()))
}

// Read gets the usage.
func (d *OrganizationUsageDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state organizationUsageModel
	ctx, cancel, ok := d.readConfig(ctx, req, resp, &state)
	if !ok {
		return
	}
	defer cancel()
	org := state.OrganizationName.ValueString()
	usage, err := d.data.client.GetUsage(ctx, org, ubiops.UsageQuery{
		StartDate: state.StartDate.ValueString(),
		EndDate:   state.EndDate.ValueString(),
		Interval:  state.Interval.ValueString(),
	})
	if err != nil {
		d.data.addAPIError(&resp.Diagnostics, cannotRead("usage", org), err, adminPermission(org))
		return
	}
	state.fill(usage)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// fill copies the answer into the state, completing what the configuration
// left out: the interval and the period UbiOps chose.
func (m *organizationUsageModel) fill(usage *ubiops.OrganizationUsage) {
	switch {
	case usage.Interval != "":
		m.Interval = types.StringValue(usage.Interval)
	case m.Interval.IsNull():
		m.Interval = types.StringValue(usageIntervalMonth)
	}
	m.DataOrganization = newUsagePoints(usage.DataOrganization)
	m.DataDeletedProjects = newUsagePoints(usage.DataDeletedProjects)
	m.DataProjects = make([]projectUsageModel, 0, len(usage.DataProjects))
	for _, p := range usage.DataProjects {
		m.DataProjects = append(m.DataProjects, projectUsageModel{
			ProjectID:   types.StringValue(p.ProjectID),
			ProjectName: types.StringValue(p.ProjectName),
			Data:        newUsagePoints(p.Data),
		})
	}
	m.TotalCredits = types.Float64Value(totalCredits(usage.DataOrganization))
	if m.StartDate.IsNull() {
		// Without dates the API picked the subscription period; its data
		// points are the only place that says which.
		m.StartDate, m.EndDate = types.StringNull(), types.StringNull()
		if n := len(usage.DataOrganization); n > 0 {
			m.StartDate = types.StringValue(usage.DataOrganization[0].StartDate)
			m.EndDate = types.StringValue(usage.DataOrganization[n-1].EndDate)
		}
	}
}

func newUsagePoints(points []ubiops.UsageDataPoint) []usagePointModel {
	out := make([]usagePointModel, 0, len(points))
	for _, p := range points {
		out = append(out, usagePointModel{
			StartDate: types.StringValue(p.StartDate),
			EndDate:   types.StringValue(p.EndDate),
			Value:     types.Float64Value(p.Value),
		})
	}
	return out
}

// totalCredits sums the points' values, rounded to nine decimals so that
// binary floating-point noise (0.1 + 0.2) does not show in a total that
// people compare with budgets.
func totalCredits(points []ubiops.UsageDataPoint) float64 {
	sum := 0.0
	for _, p := range points {
		sum += p.Value
	}
	return math.Round(sum*1e9) / 1e9
}

// isKnown reports whether a configuration value is set and known.
func isKnown(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }
