package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ list.ListResource              = &OrganizationMembersListResource{}
	_ list.ListResourceWithConfigure = &OrganizationMembersListResource{}
)

// OrganizationMembersListResource lists the complete member list of every
// organization the signed-in user administers, for `terraform query`
// (Terraform 1.14 and later): one ubiops_organization_members per
// organization.
type OrganizationMembersListResource struct {
	data *providerData
}

// NewOrganizationMembersListResource builds the ubiops_organization_members
// list resource.
func NewOrganizationMembersListResource() list.ListResource {
	return &OrganizationMembersListResource{}
}

// Metadata names the list resource after the resource it lists.
func (r *OrganizationMembersListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_members"
}

// ListResourceConfigSchema describes the list block's configuration: none.
func (r *OrganizationMembersListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		Description: "The member list of every organization the signed-in user is an admin of, by the organization's " +
			"name, with its identity (the organization's UUID) and, with `include_resource`, a `member` block for " +
			"everyone in it. Organizations where the user is a plain member are left out: only admins can manage them.",
	}
}

// Configure receives the provider's client.
func (r *OrganizationMembersListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// List finds the organizations the user administers, with their members:
// one request for the organizations and one per organization, however many
// members each has.
func (r *OrganizationMembersListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listAdministered(ctx, r.data, req, stream, func(ctx context.Context, a administered, diags *diag.Diagnostics) (listed, bool) {
		model := organizationMembersModel{
			ID:               types.StringValue(a.org.ID),
			OrganizationName: types.StringValue(a.org.Name),
			Members:          memberList(ctx, entriesFor(a.members, nil), diags),
			Timeouts:         nullTimeouts(ctx, req, diags),
		}
		return listed{displayName: a.org.Name, identity: model.identity(), resource: model}, true
	})
}
