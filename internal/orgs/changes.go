package orgs

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Wanted is one member as a configuration wants it.
type Wanted struct {
	// Email is the address as configured; it matches a member ignoring case.
	Email string
	// Admin is the admin flag the configuration wants the member to have.
	Admin bool
}

// ChangeKind is what a change does to one member. The order of the
// constants is the order changes are applied and listed in.
type ChangeKind int

const (
	// MemberAdd adds someone who is not a member.
	MemberAdd ChangeKind = iota
	// MemberPromote makes a member an admin.
	MemberPromote
	// MemberDemote makes an admin a regular member.
	MemberDemote
	// MemberRemove removes a member who is not wanted.
	MemberRemove
)

// Change is one change to one member.
type Change struct {
	// Kind says whether the member is added, promoted, demoted or removed.
	Kind ChangeKind
	// Email is spelled as configured, or as known for a removal.
	Email string
	// Admin is the member's admin flag after the change.
	Admin bool
	// Current is the member as known before the change; nil for an addition.
	Current *ubiops.OrganizationUser
}

// GrantsAdmin tells the changes that must come first: until they are done,
// demotions and removals could take away the organization's last admin.
func (c Change) GrantsAdmin() bool {
	return c.Kind == MemberPromote || (c.Kind == MemberAdd && c.Admin)
}

// Describe says what the change does, for the plan's and apply's messages.
func (c Change) Describe() string {
	switch c.Kind {
	case MemberAdd:
		if c.Admin {
			return c.Email + " will be added as an admin"
		}
		return c.Email + " will be added"
	case MemberPromote:
		return c.Email + " will become an admin"
	case MemberDemote:
		return c.Email + " will no longer be an admin"
	default:
		return c.Email + " will be removed"
	}
}

// Changes lists what turns the current members into the wanted ones,
// comparing emails case-insensitively as UbiOps does, sorted by kind and
// then by email: additions, promotions, demotions, removals.
func Changes(wanted []Wanted, current []ubiops.OrganizationUser) []Change {
	byEmail := make(map[string]*ubiops.OrganizationUser, len(current))
	for i := range current {
		byEmail[EmailKey(current[i].Email)] = &current[i]
	}
	var changes []Change
	seen := make(map[string]bool, len(wanted))
	for _, w := range wanted {
		key := EmailKey(w.Email)
		seen[key] = true
		have, ok := byEmail[key]
		switch {
		case !ok:
			changes = append(changes, Change{Kind: MemberAdd, Email: w.Email, Admin: w.Admin})
		case w.Admin && !have.Admin:
			changes = append(changes, Change{Kind: MemberPromote, Email: w.Email, Admin: true, Current: have})
		case !w.Admin && have.Admin:
			changes = append(changes, Change{Kind: MemberDemote, Email: w.Email, Current: have})
		}
	}
	for i := range current {
		if !seen[EmailKey(current[i].Email)] {
			changes = append(changes, Change{Kind: MemberRemove, Email: current[i].Email, Admin: current[i].Admin, Current: &current[i]})
		}
	}
	slices.SortFunc(changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(EmailKey(a.Email), EmailKey(b.Email)))
	})
	return changes
}

// DuplicateEmails returns, for each address listed more than once (compared
// case-insensitively), the spellings it was listed with, sorted: the keys of
// a members map have no order of their own.
func DuplicateEmails(emails []string) [][]string {
	spellings := map[string][]string{}
	var order []string
	for _, e := range emails {
		key := EmailKey(e)
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

// QuoteAll quotes each email for a message: "a@x", "A@x".
func QuoteAll(emails []string) string {
	quoted := make([]string, len(emails))
	for i, e := range emails {
		quoted[i] = fmt.Sprintf("%q", e)
	}
	return strings.Join(quoted, " and ")
}
