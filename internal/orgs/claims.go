package orgs

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// claims notices, within one plan, an organization whose members are
// managed both as a whole (ubiops_organization_members) and one by one
// (ubiops_organization_user). The two would undo each other at every
// apply: the whole list removes whoever it does not list, a single
// membership adds them back, and each such round deletes the member's
// project roles. Both resources claim their organization while planning,
// through the provider instance they share; whichever comes second sees the
// other's claim and fails the plan. The same claims notice one address
// managed by two ubiops_organization_user resources. Only organizations whose name is known
// at plan time can be compared.
type claims struct {
	mu     sync.Mutex
	whole  map[string]bool
	single map[string][]string // organization name → emails
}

func newClaims() *claims {
	return &claims{whole: map[string]bool{}, single: map[string][]string{}}
}

// ManagedTwiceError says that the members of an organization are managed
// both as a whole and one by one, and how to manage them one way.
type ManagedTwiceError struct {
	// Org is the organization's name.
	Org    string
	detail string
}

// Summary is the error's one-line title.
func (e *ManagedTwiceError) Summary() string {
	return fmt.Sprintf("Members of organization %s are managed twice", e.Org)
}

// Error says what manages the members and what to do.
func (e *ManagedTwiceError) Error() string { return e.detail }

// ClaimAll records that the whole member list of org is managed, and fails
// with a *ManagedTwiceError when single memberships of org were planned
// already.
func (s *Service) ClaimAll(org string) error {
	c := s.claims
	c.mu.Lock()
	c.whole[org] = true
	emails := slices.Clone(c.single[org])
	c.mu.Unlock()
	if len(emails) > 0 {
		slices.Sort(emails)
		return &ManagedTwiceError{Org: org, detail: conflictDetail(org,
			"This configuration also has ubiops_organization_user resources for organization "+org+" ("+
				strings.Join(emails, ", ")+").")}
	}
	return nil
}

// ClaimOne records that the membership of email in org is managed by
// itself. It fails with a *ManagedTwiceError when the whole member list of
// org is managed too, and with a *ClaimedTwiceError when another
// ubiops_organization_user of the plan manages the same address (by
// EmailKey) in org: applying both would fail halfway, after other changes
// were made.
func (s *Service) ClaimOne(org, email string) error {
	c := s.claims
	c.mu.Lock()
	var twin string
	for _, claimed := range c.single[org] {
		if SameEmail(claimed, email) {
			twin = claimed
		}
	}
	c.single[org] = append(c.single[org], email)
	whole := c.whole[org]
	c.mu.Unlock()
	switch {
	case whole:
		return &ManagedTwiceError{Org: org, detail: conflictDetail(org,
			"This configuration also has a ubiops_organization_members resource for organization "+org+
				", which manages all of its members, "+email+" among them.")}
	case twin != "":
		return &ClaimedTwiceError{Org: org, Emails: [2]string{twin, email}}
	}
	return nil
}

// ClaimedTwiceError is one address claimed by two ubiops_organization_user
// resources of one plan.
type ClaimedTwiceError struct {
	// Org is the organization whose membership both resources claim.
	Org string
	// Emails are the address as the two resources spell it.
	Emails [2]string
}

// Summary is the error's one-line title.
func (e *ClaimedTwiceError) Summary() string {
	return fmt.Sprintf("Member %s of organization %s is managed twice", e.Emails[1], e.Org)
}

// Error names both spellings and what to do.
func (e *ClaimedTwiceError) Error() string {
	spelled := e.Emails[0]
	if e.Emails[0] != e.Emails[1] {
		spelled = e.Emails[0] + " and " + e.Emails[1] + " (UbiOps compares addresses case-insensitively)"
	}
	return fmt.Sprintf("Two ubiops_organization_user resources of this configuration manage the membership of one "+
		"address in organization %s: %s. Applying both would fail halfway, after other changes were made, and "+
		"each would undo the other afterwards. Nothing was changed. Keep one of them: remove the other from the "+
		"configuration (with a `removed` block and `lifecycle { destroy = false }` if it is already in the state, so "+
		"the member stays).", e.Org, spelled)
}

func conflictDetail(org, found string) string {
	return found + " The two would undo each other at every apply: ubiops_organization_members removes " +
		"everyone it does not list, ubiops_organization_user adds them back, and each removal deletes the " +
		"member's roles in the organization's projects. Manage the members of " + org + " one way: either list " +
		"everyone in the members map of ubiops_organization_members and replace the ubiops_organization_user " +
		"resources with `removed` blocks (`lifecycle { destroy = false }`, so nobody is removed), or drop the " +
		"ubiops_organization_members resource (a `removed` block again keeps everyone)."
}
