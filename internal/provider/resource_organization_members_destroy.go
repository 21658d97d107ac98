package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// destroyRemovals lists the removals that destroying the member list makes:
// every listed member UbiOps still has, except the signed-in user me, whom
// it returns as kept when listed.
func destroyRemovals(listed []memberEntry, current []ubiops.OrganizationUser, me *ubiops.User) (removals []orgs.Change, kept string) {
	byEmail := make(map[string]*ubiops.OrganizationUser, len(current))
	for i := range current {
		byEmail[orgs.EmailKey(current[i].Email)] = &current[i]
	}
	for _, e := range listed {
		email := e.Email
		if orgs.IsSignedInUser(me, orgs.MemberChange{Email: email, UserID: e.UserID.ValueString()}) {
			kept = email
			continue
		}
		if u, ok := byEmail[orgs.EmailKey(email)]; ok {
			removals = append(removals, orgs.Change{Kind: orgs.MemberRemove, Email: email, Admin: u.Admin, Current: u})
		}
	}
	return removals, kept
}

// unknownSignedInUser refuses to destroy a member list when the provider
// could not learn who it is signed in as: it would not know whom to keep.
func unknownSignedInUser(org string, diags *diag.Diagnostics) {
	diags.AddError("Cannot tell who is signed in",
		"The provider does not know whom it is signed in as (a service user's token names no person), so destroying "+
			"the member list of organization "+org+" could remove that user too and leave Terraform without access. "+
			"Nothing was removed. Sign in as a person (email and password, or api_token = \"Bearer ...\"); to stop managing the members without "+
			"removing anyone, use a `removed` block with `lifecycle { destroy = false }`.")
}

// destroySummary tells what destroying the member list did or will do.
func destroySummary(org string, removed int, kept string) string {
	summary := fmt.Sprintf("Removed %s listed in the configuration from organization %s.", countOf(removed, "member"), org)
	if kept != "" {
		summary += fmt.Sprintf(" %s, the signed-in user, stays a member (and admin): removing yourself would leave "+
			"the organization without the admin Terraform acts as. To leave the organization, hand it over and "+
			"remove yourself in the UbiOps web app.", kept)
	}
	return summary
}
