package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Only an organization's admins can read and change its members, so a plan
// that removes the signed-in user's own membership, or takes its admin
// right, leaves the configuration unable to manage the organization: every
// later plan fails with 403. Such a plan fails unless it says it means it.
// Every resource that changes memberships applies this one rule.

// memberChange is what a plan does to one membership of an organization.
type memberChange struct {
	// Email and UserID identify the member; UserID may be unknown ("").
	Email  string
	UserID string
	// Remove is set when the membership is removed (destroyed, replaced,
	// or left out of an authoritative member list).
	Remove bool
	// Demote is set when an admin becomes a regular member.
	Demote bool
}

// selfLockout returns an error for each change to organization org that
// would lock the signed-in user me out of it. deliberate says how this
// resource lets a plan do it on purpose (`allow_self_removal = true`). No
// user (me unknown) means nothing can be checked.
func selfLockout(org string, me *ubiops.User, changes []memberChange, deliberate string) diag.Diagnostics {
	var diags diag.Diagnostics
	if me == nil {
		return diags
	}
	for _, c := range changes {
		if (!c.Remove && !c.Demote) || !isSignedInUser(me, c) {
			continue
		}
		what := fmt.Sprintf("removes %s, the user the provider is signed in as, from organization %s", c.Email, org)
		if !c.Remove {
			what = fmt.Sprintf("makes %s, the user the provider is signed in as, a regular member of organization %s", c.Email, org)
		}
		diags.AddError("Plan would lock the signed-in user out of organization "+org,
			fmt.Sprintf("This plan %s. Only admins can read and change an organization's members, so afterwards "+
				"the provider could no longer manage them: every later plan of this configuration would fail with "+
				"403 Forbidden. Nothing was changed.\n\nTo do it on purpose, %s. Otherwise let another admin of %s do "+
				"it (in UbiOps, or with a provider signed in as that admin). To stop managing the membership "+
				"without changing it, use a `removed` block with `lifecycle { destroy = false }`.",
				what, deliberate, org))
	}
	return diags
}

// isSignedInUser tells whether the change concerns me: by user ID when
// both are known, else by email, compared as UbiOps does.
func isSignedInUser(me *ubiops.User, c memberChange) bool {
	if me.ID != "" && c.UserID != "" {
		return strings.EqualFold(me.ID, c.UserID)
	}
	return equalEmails(me.Email, c.Email)
}
