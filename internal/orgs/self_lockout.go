package orgs

import (
	"fmt"
	"strings"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Only an organization's admins can read and change its members, so a plan
// that removes the signed-in user's own membership, or takes its admin
// right, leaves the configuration unable to manage the organization: every
// later plan fails with 403. Such a plan fails unless it says it means it.
// Every resource that changes memberships applies this one rule.

// MemberChange is what a plan does to one membership of an organization.
type MemberChange struct {
	// Email identifies the member, with UserID when that is known.
	Email string
	// UserID is the member's user id; "" when unknown.
	UserID string
	// Remove is set when the membership is removed (destroyed, replaced,
	// or left out of an authoritative member list).
	Remove bool
	// Demote is set when an admin becomes a regular member.
	Demote bool
}

// LockoutError is a change that would lock the signed-in user out of an
// organization.
type LockoutError struct {
	// Org is the organization's name.
	Org    string
	detail string
}

// Summary is the error's one-line title.
func (e *LockoutError) Summary() string {
	return "Plan would lock the signed-in user out of organization " + e.Org
}

// Error says what the plan does, why it is refused and what to do.
func (e *LockoutError) Error() string { return e.detail }

// SelfLockout returns a *LockoutError for each change to organization org
// that would lock the signed-in user me out of it. deliberate says how this
// resource lets a plan do it on purpose (`allow_self_removal = true`). No
// user (me unknown) means nothing can be checked.
func SelfLockout(org string, me *ubiops.User, changes []MemberChange, deliberate string) []error {
	var errs []error
	if me == nil {
		return nil
	}
	for _, c := range changes {
		if (!c.Remove && !c.Demote) || !IsSignedInUser(me, c) {
			continue
		}
		what := fmt.Sprintf("removes %s, the user the provider is signed in as, from organization %s", c.Email, org)
		if !c.Remove {
			what = fmt.Sprintf("makes %s, the user the provider is signed in as, a regular member of organization %s", c.Email, org)
		}
		errs = append(errs, &LockoutError{Org: org, detail: fmt.Sprintf("This plan %s. Only admins can read and change an organization's members, so afterwards "+
			"the provider could no longer manage them: every later plan of this configuration would fail with "+
			"403 Forbidden. Nothing was changed.\n\nTo do it on purpose, %s. Otherwise let another admin of %s do "+
			"it (in UbiOps, or with a provider signed in as that admin). To stop managing the membership "+
			"without changing it, use a `removed` block with `lifecycle { destroy = false }`.",
			what, deliberate, org)})
	}
	return errs
}

// IsSignedInUser tells whether the change concerns me: by user ID when
// both are known, else by email, compared as UbiOps does.
func IsSignedInUser(me *ubiops.User, c MemberChange) bool {
	if me.ID != "" && c.UserID != "" {
		return strings.EqualFold(me.ID, c.UserID)
	}
	return SameEmail(me.Email, c.Email)
}
