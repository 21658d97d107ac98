package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	client *ubiops.Client
	// credentials say how the provider authenticates and where each value
	// was set, so that a refused credential is traced to its setting.
	credentials credentials
	// signedInUser is the person the credentials belong to, known when the
	// provider is configured: by email alone after a password sign-in (its
	// id is then ""), in full for an access token; nil for a service
	// user's token. It never changes afterwards.
	signedInUser *ubiops.User
	// fullUser reads GET /user when ubiops_current_user needs what a
	// password sign-in does not tell (currentUser).
	fullUser userOnce
	// members shares one organization_users_list answer, keyed by
	// organization name, between the memberships that read it.
	members *sharedReads[[]ubiops.OrganizationUser]
	// organizations shares organizations_get answers, keyed by name.
	organizations *sharedReads[*ubiops.Organization]
	// writes orders the membership writes of an apply (admin_handover.go).
	writes *writeOrder
	// organizationIDs keeps each organization's UUID, keyed by name, for the
	// whole run: new memberships learn it from one read per organization.
	organizationIDs *sharedReads[string]
	// claims notices an organization whose members are managed both as a
	// whole and one by one.
	claims *memberClaims
	// organizationList shares the list of the caller's organizations
	// between the imports of one plan that name an organization by its UUID
	// (the key is unused).
	organizationList *sharedReads[[]ubiops.Organization]
}

func newProviderData(client *ubiops.Client, creds credentials) *providerData {
	return &providerData{
		client:        client,
		credentials:   creds,
		members:       newSharedReads(client.ListOrganizationUsers),
		organizations: newSharedReads(client.GetOrganization),
		writes:        newWriteOrder(),
		organizationIDs: newSharedReads(func(ctx context.Context, name string) (string, error) {
			org, err := client.GetOrganization(ctx, name)
			if err != nil {
				return "", err
			}
			return org.ID, nil
		}).forRun(),
		claims: newMemberClaims(),
		organizationList: newSharedReads(func(ctx context.Context, _ string) ([]ubiops.Organization, error) {
			return client.ListOrganizations(ctx)
		}),
	}
}

// forgetOrganization drops what is known of an organization after a write,
// so the next read asks UbiOps.
func (d *providerData) forgetOrganization(name string) {
	d.organizations.invalidate(name)
	d.organizationIDs.invalidate(name)
	d.members.invalidate(name)
}

// providerDataFrom reads the value given to a resource's or data source's
// Configure. It is nil while the provider's own configuration is unknown
// (planning against values known only after apply).
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	return data
}

// notConfigured reports, as an error, that an operation needs a configured
// provider; it returns true when data is nil.
func notConfigured(data *providerData, diags *diag.Diagnostics) bool {
	if data != nil {
		return false
	}
	diags.AddError("Provider not configured",
		"The ubiops provider's configuration (host and credentials) is not known yet, so UbiOps cannot be called. "+
			"Make sure the values the provider block refers to are known, or apply their resources first.")
	return true
}

// tflogAdapter sends the client's debug messages to Terraform's log
// (TF_LOG=DEBUG); the client never puts the token in them.
type tflogAdapter struct{}

func (tflogAdapter) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}
