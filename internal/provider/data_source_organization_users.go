package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

var _ datasource.DataSourceWithConfigure = &OrganizationUsersDataSource{}

// OrganizationUsersDataSource reads the members of an organization.
type OrganizationUsersDataSource struct{ dataSourceBase }

// NewOrganizationUsersDataSource builds the ubiops_organization_users data
// source.
func NewOrganizationUsersDataSource() datasource.DataSource {
	return &OrganizationUsersDataSource{dataSourceBase{typeSuffix: "_organization_users"}}
}

// memberModel is one member as both users data sources show it.
type memberModel struct {
	ID      types.String `tfsdk:"id"`
	Email   types.String `tfsdk:"email"`
	Name    types.String `tfsdk:"name"`
	Surname types.String `tfsdk:"surname"`
	Admin   types.Bool   `tfsdk:"admin"`
	Status  types.String `tfsdk:"status"`
}

func newMemberModel(u ubiops.OrganizationUser) memberModel {
	return memberModel{
		ID:      types.StringValue(u.ID),
		Email:   types.StringValue(u.Email),
		Name:    types.StringValue(u.Name),
		Surname: types.StringValue(u.Surname),
		Admin:   types.BoolValue(u.Admin),
		Status:  types.StringValue(u.Status),
	}
}

// memberAttributes describes memberModel, all read-only;
// ubiops_organization_user turns id and email into arguments.
func memberAttributes() map[string]schema.Attribute {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Description: description, Computed: true}
	}
	return map[string]schema.Attribute{
		"id":      computed("The user's UUID."),
		"email":   computed("The user's email address, as UbiOps stores it."),
		"name":    computed("The user's first name, empty for an invited user who has no account yet."),
		"surname": computed("The user's surname, empty for an invited user who has no account yet."),
		"admin":   schema.BoolAttribute{Description: "Whether the user is an admin of the organization.", Computed: true},
		"status":  computed("The membership's status, such as `active` or `invited`."),
	}
}

// organizationUsersModel is ubiops_organization_users' state.
type organizationUsersModel struct {
	dataSourceTimeouts
	OrganizationName types.String  `tfsdk:"organization_name"`
	Admin            types.Bool    `tfsdk:"admin"`
	Users            []memberModel `tfsdk:"users"`
}

// Schema describes ubiops_organization_users.
func (d *OrganizationUsersDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock(ctx)},
		Description: "The members of a UbiOps organization, including invited users. The signed-in user must be " +
			"an admin of the organization: UbiOps shows the member list to admins only.",
		Attributes: map[string]schema.Attribute{
			"organization_name": organizationNameArgument("members"),
			"admin": schema.BoolAttribute{
				Description: "When set, only the members whose admin flag equals it: `true` for the admins, " +
					"`false` for the other members. All members when omitted.",
				Optional: true,
			},
			"users": schema.ListNestedAttribute{
				Description:  "The members, in the order UbiOps lists them.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: memberAttributes()},
			},
		},
	}
}

// Read lists the members. It shares the list with the memberships and
// ubiops_organization_user data sources of the same organization, so that
// reading many of them costs one request.
func (d *OrganizationUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state organizationUsersModel
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
	state.Users = make([]memberModel, 0, len(users))
	for _, u := range users {
		if state.Admin.IsNull() || u.Admin == state.Admin.ValueBool() {
			state.Users = append(state.Users, newMemberModel(u))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
