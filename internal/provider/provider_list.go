package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

var _ provider.ProviderWithListResources = &UbiOpsProvider{}

// ListResources lists the provider's list resources, which `terraform
// query` (Terraform 1.14 and later) uses to find objects to import.
func (p *UbiOpsProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewOrganizationListResource,
		NewOrganizationUserListResource,
		NewOrganizationMembersListResource,
	}
}
