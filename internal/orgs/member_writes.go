package orgs

import (
	"context"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// AddMember adds email to organization org. When the answer is lost, the
// membership the request may have created is looked up by email and
// adopted (see createOrAdopt), so a member is never added twice. With
// adoptExisting, a membership that existed before is adopted too instead of
// ending in the API's 400: ubiops_organization_members takes a whole list
// over, while a single membership that already exists is to be imported.
// An adopted membership may have another admin flag: see SetMemberAdmin.
func (s *Service) AddMember(ctx context.Context, org, email string, admin, adoptExisting bool) (*ubiops.OrganizationUser, error) {
	defer s.members.invalidate(org)
	find := func() (*ubiops.OrganizationUser, bool, error) {
		users, err := s.client.ListOrganizationUsers(ctx, org)
		if err != nil {
			return nil, false, err
		}
		found := FindMemberByEmail(users, email)
		return found, found != nil, nil
	}
	user, err := createOrAdopt(ctx, s.log, "member "+email+" of organization "+org, func() (*ubiops.OrganizationUser, error) {
		return s.client.CreateOrganizationUser(ctx, org, ubiops.OrganizationUserCreate{Email: email, Admin: admin})
	}, find)
	if err != nil && adoptExisting && ubiops.IsBadRequest(err) {
		if found, ok, findErr := find(); findErr == nil && ok {
			return found, nil
		}
	}
	return user, err
}

// SetMemberAdmin gives an adopted member the wanted admin flag, sending a
// request only when the flag differs.
func (s *Service) SetMemberAdmin(ctx context.Context, org string, user *ubiops.OrganizationUser, admin bool) (*ubiops.OrganizationUser, error) {
	if user.Admin == admin {
		return user, nil
	}
	return s.UpdateMember(ctx, org, user.ID, admin)
}

// UpdateMember sets the admin flag of the member with user ID id.
func (s *Service) UpdateMember(ctx context.Context, org, id string, admin bool) (*ubiops.OrganizationUser, error) {
	defer s.members.invalidate(org)
	return s.client.UpdateOrganizationUser(ctx, org, id, ubiops.OrganizationUserUpdate{Admin: admin})
}

// RemoveMember removes the member with user ID id from org.
func (s *Service) RemoveMember(ctx context.Context, org, id string) error {
	defer s.members.invalidate(org)
	return s.client.DeleteOrganizationUser(ctx, org, id)
}
