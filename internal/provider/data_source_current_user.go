package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &CurrentUserDataSource{}

// CurrentUserDataSource reads the user the provider is signed in as.
type CurrentUserDataSource struct{ dataSourceBase }

// NewCurrentUserDataSource builds the ubiops_current_user data source.
func NewCurrentUserDataSource() datasource.DataSource {
	return &CurrentUserDataSource{dataSourceBase{typeSuffix: "_current_user"}}
}

// currentUserModel is ubiops_current_user's state.
type currentUserModel struct {
	ID      types.String `tfsdk:"id"`
	Email   types.String `tfsdk:"email"`
	Name    types.String `tfsdk:"name"`
	Surname types.String `tfsdk:"surname"`
}

// Schema describes ubiops_current_user.
func (d *CurrentUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Description: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		Description: "The user the provider is signed in as, so that a configuration can refer to itself, " +
			"for example to keep its own admin membership. Read once per run (GET /user).",
		Attributes: map[string]schema.Attribute{
			"id":      computed("The user's UUID."),
			"email":   computed("The user's email address."),
			"name":    computed("The user's first name."),
			"surname": computed("The user's last name."),
		},
	}
}

// Read reports the signed-in user. An access token's user was read when the
// provider was configured; after a password sign-in, GET /user is asked
// once per run, here, since nothing else needs it. The data source has no
// timeouts block: lookupTimeout bounds the request.
func (d *CurrentUserDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if notConfigured(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	user, err := d.data.currentUser(ctx)
	if err != nil {
		d.data.addAPIError(&resp.Diagnostics, "Cannot read the signed-in UbiOps user", err, "")
		return
	}
	state := currentUserModel{
		ID:      types.StringValue(user.ID),
		Email:   types.StringValue(user.Email),
		Name:    types.StringValue(user.Name),
		Surname: types.StringValue(user.Surname),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
