package orgs

import (
	"context"
	"fmt"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// AddMember adds member.Email to organization org, as member says. When the
// answer is lost, the membership the request may have created is looked up
// by email and adopted (see createOrAdopt), so a member is never added
// twice; an answer about another member is a *MismatchedAnswer. With
// adoptExisting, a membership that existed before is adopted too instead of
// ending in the API's 400: ubiops_organization_members takes a whole list
// over, while a single membership is taken over only on
// AddMemberOrTakeOver's terms. An adopted membership may have another
// admin flag: see SetMemberAdmin.
func (s *Service) AddMember(ctx context.Context, org string, member ubiops.OrganizationUserCreate, adoptExisting bool) (*ubiops.OrganizationUser, error) {
	user, err := s.addMember(ctx, org, member)
	if err != nil && adoptExisting && ubiops.IsBadRequest(err) {
		if found, findErr := s.memberByEmail(ctx, org, member.Email); findErr == nil && found != nil {
			return found, nil
		}
	}
	return user, err
}

// addMember creates the membership, adopting what a lost answer created,
// and matches the answer to the request (see checkAdded).
func (s *Service) addMember(ctx context.Context, org string, member ubiops.OrganizationUserCreate) (*ubiops.OrganizationUser, error) {
	defer s.members.invalidate(org)
	find := func() (*ubiops.OrganizationUser, bool, error) {
		found, err := s.memberByEmail(ctx, org, member.Email)
		return found, found != nil, err
	}
	return createOrAdopt(ctx, s.log, "member "+member.Email+" of organization "+org, func() (*ubiops.OrganizationUser, error) {
		user, err := s.client.CreateOrganizationUser(ctx, org, member)
		if err == nil {
			err = s.checkAdded(org, member.Email, user)
		}
		if err != nil {
			return nil, err
		}
		return user, nil
	}, find)
}

// memberByEmail reads the member list of org afresh and picks email's
// membership, or nil.
func (s *Service) memberByEmail(ctx context.Context, org, email string) (*ubiops.OrganizationUser, error) {
	users, err := s.listMembers(ctx, org)
	if err != nil {
		return nil, err
	}
	return FindMemberByEmail(users, email), nil
}

// AlreadyMemberError is an address that is a member already, with another
// admin flag than the configuration gives it: it is not taken over.
type AlreadyMemberError struct {
	// Org is the organization the address is a member of.
	Org string
	// Email is the address as configured.
	Email string
	// Admin is the flag UbiOps shows; the configuration wants the other.
	Admin bool
}

func (e *AlreadyMemberError) settled() {}

// Error says what differs and how to take the membership over.
func (e *AlreadyMemberError) Error() string {
	is, wants := "a regular member", "an admin"
	if e.Admin {
		is, wants = "an admin", "a regular member"
	}
	id := e.Org + "/" + e.Email
	return fmt.Sprintf("%s is already a member of organization %s, as %s, while this configuration makes them %s. "+
		"The membership was not taken over, and nothing was changed. To manage it with Terraform, import it: add an "+
		"import block with id = %q, or run `terraform import <address> %s`; the apply that follows makes them %s.",
		e.Email, e.Org, is, wants, id, id, wants)
}

// AddMemberOrTakeOver adds member.Email to org as AddMember does. When the
// address is a member already (an earlier apply may have been killed after
// UbiOps added it and before Terraform recorded it), the membership is
// taken over if its admin flag is the one wanted: taken is then true, and
// the caller says so. With another admin flag it is an
// *AlreadyMemberError, since taking it over would change someone Terraform
// never managed.
func (s *Service) AddMemberOrTakeOver(ctx context.Context, org string, member ubiops.OrganizationUserCreate) (_ *ubiops.OrganizationUser, taken bool, _ error) {
	user, err := s.addMember(ctx, org, member)
	if err == nil || !ubiops.IsBadRequest(err) {
		return user, false, err
	}
	found, findErr := s.memberByEmail(ctx, org, member.Email)
	switch {
	case findErr != nil || found == nil:
		return nil, false, err // the 400 is about something else
	case found.Admin != member.Admin:
		return nil, false, &AlreadyMemberError{Org: org, Email: member.Email, Admin: found.Admin}
	}
	return found, true, nil
}

// SetMemberAdmin gives an adopted member the wanted admin flag, sending a
// request only when the flag differs.
func (s *Service) SetMemberAdmin(ctx context.Context, org string, user *ubiops.OrganizationUser, admin bool) (*ubiops.OrganizationUser, error) {
	if user.Admin == admin {
		return user, nil
	}
	return s.UpdateMember(ctx, org, user.ID, ubiops.OrganizationUserUpdate{Admin: admin})
}

// UpdateMember changes the member with user ID id as update says. An
// answer about another member is a *MismatchedAnswer.
func (s *Service) UpdateMember(ctx context.Context, org, id string, update ubiops.OrganizationUserUpdate) (*ubiops.OrganizationUser, error) {
	defer s.members.invalidate(org)
	user, err := s.client.UpdateOrganizationUser(ctx, org, id, update)
	if err == nil {
		err = s.checkUpdated(org, id, user)
	}
	if err != nil {
		return nil, err
	}
	return user, nil
}

// RemoveMember removes the member with user ID id from org.
func (s *Service) RemoveMember(ctx context.Context, org, id string) error {
	defer s.members.invalidate(org)
	return s.client.DeleteOrganizationUser(ctx, org, id)
}
