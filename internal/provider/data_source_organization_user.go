package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
)

var (
	_ datasource.DataSourceWithConfigure        = &OrganizationUserDataSource{}
	_ datasource.DataSourceWithConfigValidators = &OrganizationUserDataSource{}
)

// OrganizationUserDataSource reads one member of an organization, found by
// email or by user ID.
type OrganizationUserDataSource struct{ dataSourceBase }

// NewOrganizationUserDataSource builds the ubiops_organization_user data
// source.
func NewOrganizationUserDataSource() datasource.DataSource {
	return &OrganizationUserDataSource{dataSourceBase{typeSuffix: "_organization_user"}}
}

// organizationUserDataModel is ubiops_organization_user's state.
type organizationUserDataModel struct {
	dataSourceTimeouts
	OrganizationName types.String `tfsdk:"organization_name"`
	memberModel
}

// Schema describes ubiops_organization_user.
func (d *OrganizationUserDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := memberAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"organization_name": organizationNameArgument("member"),
		"email": schema.StringAttribute{
			Description: "The email address of the member to find, compared case-insensitively; kept as written. " +
				"Exactly one of `email` and `id` must be set. When the member is found by `id`, the address as " +
				"UbiOps stores it.",
			Optional:   true,
			Computed:   true,
			Validators: []validator.String{emailValidator()},
		},
		"id": schema.StringAttribute{
			Description: "The UUID of the member to find. Exactly one of `email` and `id` must be set. When the " +
				"member is found by `email`, the member's UUID.",
			Optional:   true,
			Computed:   true,
			Validators: []validator.String{stringvalidator.RegexMatches(orgs.UUIDPattern, "must be a user's UUID")},
		},
	})
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock(ctx)},
		Description: "One member of a UbiOps organization, found by email or by user UUID. The signed-in user must " +
			"be an admin of the organization: UbiOps shows the member list to admins only.",
		Attributes: attrs,
	}
}

// ConfigValidators requires exactly one way to find the member.
func (d *OrganizationUserDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("email"), path.MatchRoot("id")),
	}
}

// Read finds the member in the organization's member list, shared with the
// other readers of the same organization's members.
func (d *OrganizationUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state organizationUserDataModel
	ctx, cancel, ok := d.readConfig(ctx, req, resp, &state)
	if !ok {
		return
	}
	defer cancel()
	org := state.OrganizationName.ValueString()
	users, ok := d.readMembers(ctx, org, &resp.Diagnostics)
	if !ok {
		return
	}
	key, value := "email", state.Email.ValueString()
	found := orgs.FindMemberByEmail(users, value)
	if !state.ID.IsNull() {
		key, value = "id", state.ID.ValueString()
		found = orgs.FindMemberByID(users, value)
	}
	if found == nil {
		resp.Diagnostics.AddAttributeError(path.Root(key), "Organization member not found",
			fmt.Sprintf("Organization %s has no member with %s %q. Check the %s, or add the user with a "+
				"ubiops_organization_user resource (and depends_on it here so that it is read afterwards).",
				org, key, value, key))
		return
	}
	// The configured key stays as written: Terraform does not let a data
	// source change a value from its configuration, even only its case.
	email, id := state.Email, state.ID
	state.memberModel = newMemberModel(*found)
	if !email.IsNull() {
		state.Email = email
	}
	if !id.IsNull() {
		state.ID = id
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
