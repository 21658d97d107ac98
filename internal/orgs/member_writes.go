package provider

import (
	"context"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// addMember adds email to organization org. When the answer is lost, the
// membership the request may have created is looked up by email and
// adopted (see createOrAdopt), so a member is never added twice. With
// adoptExisting, a membership that existed before is adopted too instead of
// ending in the API's 400: ubiops_organization_members takes a whole list
// over, while a single membership that already exists is to be imported.
// An adopted membership may have another admin flag: see setMemberAdmin.
func (d *providerData) addMember(ctx context.Context, org, email string, admin, adoptExisting bool) (*ubiops.OrganizationUser, error) {
	find := func() (*ubiops.OrganizationUser, bool, error) {
		users, err := d.client.ListOrganizationUsers(ctx, org)
		if err != nil {
			return nil, false, err
		}
		found := findMemberByEmail(users, email)
		return found, found != nil, nil
	}
	user, err := createOrAdopt(ctx, "member "+email+" of organization "+org, func() (*ubiops.OrganizationUser, error) {
		return d.client.CreateOrganizationUser(ctx, org, ubiops.OrganizationUserCreate{Email: email, Admin: admin})
	}, find)
	if err != nil && adoptExisting && ubiops.IsBadRequest(err) {
		if found, ok, findErr := find(); findErr == nil && ok {
			return found, nil
		}
	}
	return user, err
}

// setMemberAdmin gives an adopted member the wanted admin flag, sending a
// request only when the flag differs.
func (d *providerData) setMemberAdmin(ctx context.Context, org string, user *ubiops.OrganizationUser, admin bool) (*ubiops.OrganizationUser, error) {
	if user.Admin == admin {
		return user, nil
	}
	return d.client.UpdateOrganizationUser(ctx, org, user.ID, ubiops.OrganizationUserUpdate{Admin: admin})
}
