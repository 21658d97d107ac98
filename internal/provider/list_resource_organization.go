package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var (
	_ list.ListResource              = &OrganizationListResource{}
	_ list.ListResourceWithConfigure = &OrganizationListResource{}
)

// OrganizationListResource lists the organizations the signed-in user
// administers, for `terraform query` (Terraform 1.14 and later).
type OrganizationListResource struct {
	data *providerData
}

// NewOrganizationListResource builds the ubiops_organization list resource.
func NewOrganizationListResource() list.ListResource { return &OrganizationListResource{} }

// Metadata names the list resource after the resource it lists.
func (r *OrganizationListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

// ListResourceConfigSchema describes the list block's configuration: none.
func (r *OrganizationListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		Description: "Every organization the signed-in user is an admin of, by name, with its identity (its UUID). " +
			"Organizations where the user is a plain member are left out: only admins can manage them.",
	}
}

// Configure receives the provider's client.
func (r *OrganizationListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// List finds the organizations the user administers. Each is read in full
// (the organization list lacks the subscription) when include_resource is
// set.
func (r *OrganizationListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listAdministered(ctx, r.data, req, stream, func(ctx context.Context, a administered, diags *diag.Diagnostics) (listed, bool) {
		org := a.org
		if req.IncludeResource {
			detail, err := r.data.orgs.Organization(ctx, org.Name)
			if err != nil {
				r.data.addAPIError(diags, "Cannot read organization "+org.Name, err, "an admin of organization "+org.Name)
				return listed{}, false
			}
			org = *detail
		}
		model := organizationModel{Timeouts: nullTimeouts(ctx, req, diags)}
		model.fill(&org)
		return listed{displayName: org.Name, identity: model.identity(), resource: model}, true
	})
}
