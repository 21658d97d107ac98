package orgs

import (
	"context"
	"fmt"
	"strings"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// A member list is proof of who is not a member only when it is
// consistent: UbiOps lets only an organization's admins read its member
// list, so a list that lacks the signed-in user who just read it cannot be
// the organization's whole list (an empty answer, another organization's
// list, a cache). And an address that the list shows under another user id
// than the state holds is a change to explain, not an absence: the old user
// may have been deleted and signed up again, or the answer is not this
// organization's. Either is an error, and nothing leaves the state for it.
// A list is fetched for one organization, by its name, and used for that
// organization alone (shared reads are keyed by name, and every write
// forgets them).

// InconsistentListError is a member list that cannot be the organization's
// whole member list.
type InconsistentListError struct {
	// Host is the base URL that answered the list.
	Host string
	// Org is the organization the list was asked for.
	Org string
	// SignedIn is the email of the signed-in user, whom the list lacks.
	SignedIn string
}

// Error says what is wrong with the list and that nothing was changed.
func (e *InconsistentListError) Error() string {
	return fmt.Sprintf("The member list that UbiOps at %s answered for organization %s does not hold %s, the "+
		"signed-in user, although only the organization's admins can read it: it cannot be the organization's "+
		"whole member list, so it proves nobody's absence, and nothing was changed in the Terraform state. Run "+
		"Terraform again; if this happens again, check what answers at the provider's host (a proxy or gateway "+
		"between Terraform and UbiOps may answer in its place).", e.Host, e.Org, e.SignedIn)
}

// ChangedMemberError is an address that the member list shows under
// another user id than the Terraform state holds for it.
type ChangedMemberError struct {
	// Host is the base URL that answered the list.
	Host string
	// Org is the organization the list was asked for.
	Org string
	// Email is the member's address.
	Email string
	// StateID is the user id the Terraform state holds for Email.
	StateID string
	// ListedID is the user id the list shows for Email.
	ListedID string
}

// Error says what differs and how to take the new user over deliberately.
func (e *ChangedMemberError) Error() string {
	id := e.Org + "/" + e.Email
	return fmt.Sprintf("UbiOps at %s lists %s under user id %s, but the Terraform state holds user id %s for "+
		"that address in organization %s. That is not the user Terraform manages, and no proof that its "+
		"membership is gone: the user may have been deleted and signed up again, or the answer is not this "+
		"organization's. Nothing was changed in the Terraform state. If the user now listed is the one to "+
		"manage, stop managing the old membership (a `removed` block with `lifecycle { destroy = false }`, or "+
		"`terraform state rm <address>`) and import the new one (id = %q).",
		e.Host, e.Email, e.ListedID, e.StateID, e.Org, id)
}

// SetSignedInUser tells the rules who the provider is signed in as, by
// email: the member lists of the organizations it administers must hold
// that address.
func (s *Service) SetSignedInUser(email string) { s.signedIn = email }

// ReadMembers reads the member list of org afresh, not shared with other
// readers, and checks that it can be the whole list (see listMembers).
func (s *Service) ReadMembers(ctx context.Context, org string) ([]ubiops.OrganizationUser, error) {
	return s.listMembers(ctx, org)
}

// listMembers reads the member list of org and checks that it can be the
// whole list.
func (s *Service) listMembers(ctx context.Context, org string) ([]ubiops.OrganizationUser, error) {
	users, err := s.client.ListOrganizationUsers(ctx, org)
	if err != nil || s.signedIn == "" || FindMemberByEmail(users, s.signedIn) != nil {
		return users, err
	}
	return nil, &InconsistentListError{Host: s.client.BaseURL(), Org: org, SignedIn: s.signedIn}
}

// MemberKey is what the state knows of a membership: the user id when
// known (empty for a membership imported by email or whose creation was
// not confirmed) and the email.
type MemberKey struct {
	// ID is the user id; empty when the state does not know it.
	ID string
	// Email is the member's address as the state holds it.
	Email string
}

// pick finds the membership among users: by user id when known, else by
// email. An address listed under another user id than the one known is a
// *ChangedMemberError.
func (s *Service) pick(org string, key MemberKey, users []ubiops.OrganizationUser) (*ubiops.OrganizationUser, error) {
	if key.ID == "" {
		return FindMemberByEmail(users, key.Email), nil
	}
	if found := FindMemberByID(users, key.ID); found != nil {
		return found, nil
	}
	return nil, s.changedIDs(org, []MemberKey{key}, users)
}

// CheckSameUsers fails with a *ChangedMemberError when users shows one of
// the known memberships' addresses under another user id.
func (s *Service) CheckSameUsers(org string, known []MemberKey, users []ubiops.OrganizationUser) error {
	return s.changedIDs(org, known, users)
}

func (s *Service) changedIDs(org string, known []MemberKey, users []ubiops.OrganizationUser) error {
	find := func(email string) *ubiops.OrganizationUser { return FindMemberByEmail(users, email) }
	if len(known) > 1 {
		// A whole member list: one index instead of a scan per member,
		// which made a list of 10,000 cost 10^8 comparisons.
		byEmail := make(map[string]*ubiops.OrganizationUser, len(users))
		for i := range users {
			byEmail[EmailKey(users[i].Email)] = &users[i]
		}
		find = func(email string) *ubiops.OrganizationUser { return byEmail[EmailKey(email)] }
	}
	for _, k := range known {
		if k.ID == "" {
			continue
		}
		if found := find(k.Email); found != nil && !strings.EqualFold(found.ID, k.ID) {
			return &ChangedMemberError{Host: s.client.BaseURL(), Org: org, Email: k.Email, StateID: k.ID, ListedID: found.ID}
		}
	}
	return nil
}
