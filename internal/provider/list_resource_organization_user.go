package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
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
		Description: "Every member of an organization, or of every organization the signed-in user is an admin of, " +
			"shown as `<organization>/<email>`, with its identity (the organization's UUID and the user's UUID). " +
			"The signed-in user must be an admin of the organization.",
		Attributes: map[string]listschema.Attribute{
			"organization_name": listschema.StringAttribute{
				Description: "The name of the organization whose members to list. It is " + organizationNameRule + ". " +
					"Without it, the members of every organization the signed-in user is an admin of are listed.",
				Optional:   true,
				Validators: []validator.String{organizationNameValidator()},
			},
		},
	}
}

// Configure receives the provider's client.
func (r *OrganizationUserListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// List lists the members of the configured organization, or of every
// organization the signed-in user administers when none is configured.
func (r *OrganizationUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg organizationUserListConfig
	diags := req.Config.Get(ctx, &cfg)
	if diags.HasError() || notConfigured(r.data, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	bounded, cancel := withLookupTimeout(ctx)
	defer cancel()
	var found []listed
	if cfg.OrganizationName.IsNull() {
		for _, a := range r.data.administeredOrganizations(bounded, 0, &diags) {
			found = append(found, listedMembers(ctx, req, a.org, a.members, &diags)...)
			if req.Limit > 0 && int64(len(found)) >= req.Limit {
				break
			}
		}
	} else if org, users, ok := r.oneOrganization(bounded, cfg.OrganizationName.ValueString(), &diags); ok {
		found = listedMembers(ctx, req, *org, users, &diags)
	}
	stream.Results = streamListed(ctx, req, found, diags)
}

// oneOrganization reads the organization, for its UUID, and its members:
// two requests whatever the number of members.
func (r *OrganizationUserListResource) oneOrganization(ctx context.Context, name string, diags *diag.Diagnostics) (*ubiops.Organization, []ubiops.OrganizationUser, bool) {
	org, err := r.data.orgs.Organization(ctx, name)
	if err != nil {
		r.data.addAPIError(diags, "Cannot read organization "+name, err, "an admin of organization "+name)
		return nil, nil, false
	}
	users, err := r.data.orgs.Members(ctx, name)
	if err != nil {
		r.data.addAPIError(diags, "Cannot list the members of organization "+name, err, "an admin of organization "+name)
		return nil, nil, false
	}
	return org, users, true
}

// listedMembers makes one result per member of org, sorted by email.
func listedMembers(ctx context.Context, req list.ListRequest, org ubiops.Organization, users []ubiops.OrganizationUser, diags *diag.Diagnostics) []listed {
	// The shared answer belongs to every reader: sort a copy.
	users = append(users[:0:0], users...)
	sort.Slice(users, func(i, j int) bool { return orgs.EmailKey(users[i].Email) < orgs.EmailKey(users[j].Email) })

	found := make([]listed, 0, len(users))
	timeouts := nullTimeouts(ctx, req, diags)
	for i := range users {
		model := organizationUserModel{OrganizationName: types.StringValue(org.Name), Timeouts: timeouts}
		model.fill(&users[i])
		found = append(found, listed{
			displayName: org.Name + "/" + users[i].Email,
			identity:    model.identity(org.ID),
			resource:    model,
		})
	}
	return found
}
