package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

var _ provider.ProviderWithEphemeralResources = &UbiOpsProvider{}

// EphemeralResources lists the provider's ephemeral resources, whose values
// never reach a plan or the state (Terraform 1.10 and later, OpenTofu 1.11
// and later).
func (p *UbiOpsProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewAccessTokenEphemeralResource,
	}
}
