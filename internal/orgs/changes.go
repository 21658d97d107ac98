package provider

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// wantedMember is one member as a configuration wants it.
type wantedMember struct {
	Email string
	Admin bool
}

// listChangeKind is what a change does to one member. The order of the
// constants is the order changes are applied and listed in.
type listChangeKind int

const (
	// memberAdd adds someone who is not a member.
	memberAdd listChangeKind = iota
	// memberPromote makes a member an admin.
	memberPromote
	// memberDemote makes an admin a regular member.
	memberDemote
	// memberRemove removes a member who is not wanted.
	memberRemove
)

// listChange is one change to one member.
type listChange struct {
	Kind listChangeKind
	// Email is spelled as configured, or as known for a removal.
	Email string
	// Admin is the member's admin flag after the change.
	Admin bool
	// Current is the member as known before the change; nil for an addition.
	Current *ubiops.OrganizationUser
}

// grantsAdmin tells the changes that must come first: until they are done,
// demotions and removals could take away the organization's last admin.
func (c listChange) grantsAdmin() bool {
	return c.Kind == memberPromote || (c.Kind == memberAdd && c.Admin)
}

// describe says what the change does, for the plan's and apply's messages.
func (c listChange) describe() string {
	switch c.Kind {
	case memberAdd:
		if c.Admin {
			return c.Email + " will be added as an admin"
		}
		return c.Email + " will be added"
	case memberPromote:
		return c.Email + " will become an admin"
	case memberDemote:
		return c.Email + " will no longer be an admin"
	default:
		return c.Email + " will be removed"
	}
}

// listChanges lists what turns the current members into the wanted ones,
// comparing emails case-insensitively as UbiOps does, sorted by kind and
// then by email: additions, promotions, demotions, removals.
func listChanges(wanted []wantedMember, current []ubiops.OrganizationUser) []listChange {
	byEmail := make(map[string]*ubiops.OrganizationUser, len(current))
	for i := range current {
		byEmail[emailKey(current[i].Email)] = &current[i]
	}
	var changes []listChange
	seen := make(map[string]bool, len(wanted))
	for _, w := range wanted {
		key := emailKey(w.Email)
		seen[key] = true
		have, ok := byEmail[key]
		switch {
		case !ok:
			changes = append(changes, listChange{Kind: memberAdd, Email: w.Email, Admin: w.Admin})
		case w.Admin && !have.Admin:
			changes = append(changes, listChange{Kind: memberPromote, Email: w.Email, Admin: true, Current: have})
		case !w.Admin && have.Admin:
			changes = append(changes, listChange{Kind: memberDemote, Email: w.Email, Current: have})
		}
	}
	for i := range current {
		if !seen[emailKey(current[i].Email)] {
			changes = append(changes, listChange{Kind: memberRemove, Email: current[i].Email, Admin: current[i].Admin, Current: &current[i]})
		}
	}
	slices.SortFunc(changes, func(a, b listChange) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(emailKey(a.Email), emailKey(b.Email)))
	})
	return changes
}

// emailKey is the form in which emails are compared.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// duplicateEmails returns, for each address listed more than once (compared
// case-insensitively), the spellings it was listed with, sorted: a set of
// member blocks has no order of its own.
func duplicateEmails(emails []string) [][]string {
	spellings := map[string][]string{}
	var order []string
	for _, e := range emails {
		key := emailKey(e)
		if _, ok := spellings[key]; !ok {
			order = append(order, key)
		}
		spellings[key] = append(spellings[key], e)
	}
	var dups [][]string
	for _, key := range order {
		if len(spellings[key]) > 1 {
			slices.Sort(spellings[key])
			dups = append(dups, spellings[key])
		}
	}
	return dups
}

// quoteAll quotes each email for a message: "a@x", "A@x".
func quoteAll(emails []string) string {
	quoted := make([]string, len(emails))
	for i, e := range emails {
		quoted[i] = fmt.Sprintf("%q", e)
	}
	return strings.Join(quoted, " and ")
}
