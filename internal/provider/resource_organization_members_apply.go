package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// memberWriteConcurrency bounds the member writes in flight at once, close
// to Terraform's default parallelism for single memberships; the client's
// pacing keeps them within UbiOps' rate limits.
const memberWriteConcurrency = 8

// memberApply carries out member changes in one organization and keeps the
// member list as it is after each of them.
type memberApply struct {
	data *providerData
	org  string

	mu      sync.Mutex
	members map[string]ubiops.OrganizationUser // by emailKey
	diags   diag.Diagnostics
}

// applyMemberChanges makes changes, computed by listChanges against
// current, in organization org. Whatever gives admin rights goes first and
// the rest only once it all succeeded, so that demotions and removals never
// meet the last-admin rule halfway through a hand-over. It returns the
// members as they are afterwards (those whose change failed as they were),
// sorted by email, and a diagnostic for each failed change.
func (d *providerData) applyMemberChanges(ctx context.Context, org string, current []ubiops.OrganizationUser, changes []orgs.Change) ([]ubiops.OrganizationUser, diag.Diagnostics) {
	a := &memberApply{data: d, org: org, members: make(map[string]ubiops.OrganizationUser, len(current))}
	for _, u := range current {
		a.members[orgs.EmailKey(u.Email)] = u
	}

	first, rest := splitChanges(changes)
	a.run(ctx, first)
	if a.diags.HasError() && len(rest) > 0 {
		a.diags.AddError(fmt.Sprintf("Members of organization %s were not demoted or removed", org),
			fmt.Sprintf("%d demotions and removals were not attempted, since some additions or promotions failed "+
				"(see the other errors) and an organization must keep an admin. Fix the cause and run "+
				"Terraform again: the next plan shows what is left to do.", len(rest)))
		return a.result(), a.diags
	}
	a.run(ctx, rest)
	return a.result(), a.diags
}

// splitChanges separates the additions and promotions from the demotions
// and removals.
func splitChanges(changes []orgs.Change) (first, rest []orgs.Change) {
	for _, c := range changes {
		if c.Kind == orgs.MemberAdd || c.Kind == orgs.MemberPromote {
			first = append(first, c)
		} else {
			rest = append(rest, c)
		}
	}
	return first, rest
}

// run makes changes concurrently, at most memberWriteConcurrency at once.
func (a *memberApply) run(ctx context.Context, changes []orgs.Change) {
	slots := make(chan struct{}, memberWriteConcurrency)
	var wg sync.WaitGroup
	for _, c := range changes {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			a.make(ctx, c)
		}()
	}
	wg.Wait()
}

// make carries out one change and records its outcome.
func (a *memberApply) make(ctx context.Context, c orgs.Change) {
	switch c.Kind {
	case orgs.MemberAdd:
		user, err := a.data.orgs.AddMember(ctx, a.org, ubiops.OrganizationUserCreate{Email: c.Email, Admin: c.Admin}, true)
		if err == nil {
			user, err = a.data.orgs.SetMemberAdmin(ctx, a.org, user, c.Admin)
		}
		a.record(c, user, err, "Cannot add %s to organization %s")
	case orgs.MemberPromote, orgs.MemberDemote:
		user, err := a.data.orgs.UpdateMember(ctx, a.org, c.Current.ID, ubiops.OrganizationUserUpdate{Admin: c.Admin})
		if err == nil {
			// The rest stays as planned; the next refresh brings any news.
			kept := *c.Current
			kept.Admin = user.Admin
			user = &kept
		}
		summary := "Cannot make %s a regular member of organization %s"
		if c.Admin {
			summary = "Cannot make %s an admin of organization %s"
		}
		a.record(c, user, err, summary)
	case orgs.MemberRemove:
		err := a.data.orgs.RemoveMember(ctx, a.org, c.Current.ID)
		if ubiops.IsNotFound(err) {
			err = nil // already gone
		}
		a.record(c, nil, err, "Cannot remove %s from organization %s")
	}
}

// record keeps the member as it is after a change, or the change's error.
// A nil user after success means the member is gone.
func (a *memberApply) record(c orgs.Change, user *ubiops.OrganizationUser, err error, summary string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	key := orgs.EmailKey(c.Email)
	switch {
	case err != nil:
		a.diags.AddError(fmt.Sprintf(summary, c.Email, a.org), a.changeErrorDetail(c, err))
	case user == nil:
		delete(a.members, key)
	default:
		a.members[key] = *user
	}
}

// changeErrorDetail explains a failed change: the API's message, what the
// signed-in user needs, and for the API's 400 the rule people meet.
func (a *memberApply) changeErrorDetail(c orgs.Change, err error) string {
	detail := a.data.apiErrorDetail(err, adminPermission(a.org))
	switch {
	case c.Kind != orgs.MemberAdd && ubiops.IsNotFound(err):
		detail += fmt.Sprintf("\n\n%s is no longer a member of organization %s: someone removed them after "+
			"Terraform last read the member list. Run Terraform again to add them back.", c.Email, a.org)
	case (c.Kind == orgs.MemberDemote || c.Kind == orgs.MemberRemove) && ubiops.IsBadRequest(err):
		detail += "\n\nAn organization must keep at least one admin. Someone may have changed the organization's " +
			"admins since Terraform last read the member list: run Terraform again."
	}
	return detail
}

// result is the member list after the changes, sorted by email.
func (a *memberApply) result() []ubiops.OrganizationUser {
	users := make([]ubiops.OrganizationUser, 0, len(a.members))
	for _, u := range a.members {
		users = append(users, u)
	}
	slices.SortFunc(users, func(x, y ubiops.OrganizationUser) int {
		return strings.Compare(orgs.EmailKey(x.Email), orgs.EmailKey(y.Email))
	})
	return users
}
