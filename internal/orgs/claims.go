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
// other's claim and fails the plan. Only organizations whose name is known
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
// itself, and fails with a *ManagedTwiceError when the whole member list of
// org is managed too.
func (s *Service) ClaimOne(org, email string) error {
	c := s.claims
	c.mu.Lock()
	c.single[org] = append(c.single[org], email)
	whole := c.whole[org]
	c.mu.Unlock()
	if whole {
		return &ManagedTwiceError{Org: org, detail: conflictDetail(org,
			"This configuration also has a ubiops_organization_members resource for organization "+org+
				", which manages all of its members, "+email+" among them.")}
	}
	return nil
}

func conflictDetail(org, found string) string {
	return found + " The two would undo each other at every apply: ubiops_organization_members removes " +
		"everyone it does not list, ubiops_organization_user adds them back, and each removal deletes the " +
		"member's roles in the organization's projects. Manage the members of " + org + " one way: either list " +
		"everyone in the member blocks of ubiops_organization_members and replace the ubiops_organization_user " +
		"resources with `removed` blocks (`lifecycle { destroy = false }`, so nobody is removed), or drop the " +
		"ubiops_organization_members resource (a `removed` block again keeps everyone)."
}
