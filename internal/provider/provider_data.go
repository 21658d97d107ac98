package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
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
	// orgs holds the organization rules and the reads the resources of
	// one run share.
	orgs *orgs.Service
}

func newProviderData(client *ubiops.Client, creds credentials) *providerData {
	return &providerData{client: client, credentials: creds, orgs: orgs.New(client, tflogAdapter{})}
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

// Debug logs at Terraform's debug level, where the client's request
// traces belong.
func (tflogAdapter) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}
