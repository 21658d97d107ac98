package provider

import (
	"context"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ list.ListResource              = &OrganizationUserListResource{}
	_ list.ListResourceWithConfigure = &OrganizationUserListResource{}
)

// OrganizationUserListResource lists the members of one organization, for
// `terraform query` (Terraform 1.14 and later).
type OrganizationUserListResource struct {
	data *providerData
}

// NewOrganizationUserListResource builds the ubiops_organization_user list
// resource.
func NewOrganizationUserListResource() list.ListResource { return &OrganizationUserListResource{} }

// organizationUserListConfig is the list block's configuration.
type organizationUserListConfig struct {
	OrganizationName types.String `tfsdk:"organization_name"`
}

// Metadata names the list resource after the resource it lists.
func (r *OrganizationUserListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_user"
}

// ListResourceConfigSchema describes the list block's configuration.
func (r *OrganizationUserListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		Description: "Every member of an organization, shown as `<organization>/<email>`, with its identity " +
			"(the organization's UUID and the user's UUID). The signed-in user must be an admin of the organization.",
		Attributes: map[string]listschema.Attribute{
			"organization_name": listschema.StringAttribute{
				Description: "The name of the organization whose members to list. It is " + organizationNameRule + ".",
				Required:    true,
				Validators:  []validator.String{organizationNameValidator()},
			},
		},
	}
}

// Configure receives the provider's client.
func (r *OrganizationUserListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// List reads the organization, for its UUID, and its members: two requests
// whatever the number of members.
func (r *OrganizationUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg organizationUserListConfig
	diags := req.Config.Get(ctx, &cfg)
	if diags.HasError() || notConfigured(r.data, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	org := cfg.OrganizationName.ValueString()
	found, err := r.data.organizations.get(ctx, org)
	if err != nil {
		r.data.addAPIError(&diags, "Cannot read organization "+org, err, "an admin of organization "+org)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	users, err := r.data.members.get(ctx, org)
	if err != nil {
		r.data.addAPIError(&diags, "Cannot list the members of organization "+org, err, "an admin of organization "+org)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	// The shared answer belongs to every reader: sort a copy.
	users = append(users[:0:0], users...)
	sort.Slice(users, func(i, j int) bool { return strings.ToLower(users[i].Email) < strings.ToLower(users[j].Email) })

	listedUsers := make([]listed, 0, len(users))
	nullTimeouts := nullTimeouts(ctx, req, &diags)
	for i := range users {
		model := organizationUserModel{OrganizationName: types.StringValue(org), Timeouts: nullTimeouts}
		model.fill(&users[i])
		listedUsers = append(listedUsers, listed{
			displayName: org + "/" + users[i].Email,
			identity:    model.identity(found.ID),
			resource:    model,
		})
	}
	stream.Results = streamListed(ctx, req, listedUsers, diags)
}
