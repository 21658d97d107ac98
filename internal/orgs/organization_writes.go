package orgs

import (
	"context"
	"fmt"
	"strings"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// CreateOrganization creates an organization. When the answer is lost (a
// server error or a dropped connection after the request was sent) the
// organization may exist all the same: it is looked up by its name, adopted
// when found and created again when provably absent, so it is never created
// twice. The write takes part in the write order (write_order.go).
func (s *Service) CreateOrganization(ctx context.Context, body ubiops.OrganizationCreate) (*ubiops.Organization, error) {
	defer s.writes.begin(body.Name, false)()
	defer s.forgetOrganization(body.Name)
	return createOrAdopt(ctx, s.log, "organization "+body.Name, func() (*ubiops.Organization, error) {
		return s.client.CreateOrganization(ctx, body)
	}, func() (*ubiops.Organization, bool, error) {
		org, err := s.ReadOrganization(ctx, body.Name)
		if ubiops.IsNotFound(err) {
			return nil, false, nil
		}
		return org, err == nil, err
	})
}

// UpdateOrganization changes the organization named name, whose UUID is
// id; what was read of it under its old and new name is forgotten. The
// answer must be about that organization, under its new name when renamed.
func (s *Service) UpdateOrganization(ctx context.Context, name, id string, update ubiops.OrganizationUpdate) (*ubiops.Organization, error) {
	defer s.writes.begin(name, false)()
	defer s.forgetOrganization(name)
	if update.Name != nil {
		defer s.forgetOrganization(*update.Name)
	}
	org, err := s.client.UpdateOrganization(ctx, name, update)
	if err != nil {
		return nil, err
	}
	expected := name
	if update.Name != nil {
		expected = *update.Name
	}
	if err := s.checkOrganization(expected, id, org); err != nil {
		return nil, err
	}
	return org, nil
}

// OrganizationTakenError is an organization name that is taken by an
// organization that is not taken over: the signed-in user is not one of
// its admins, or it differs from the configuration.
type OrganizationTakenError struct {
	// Name is the organization name that is taken.
	Name string
	// Differences say how it differs, such as `its subscription is "free",
	// not "pro"`.
	Differences []string
}

func (e *OrganizationTakenError) settled() {}

// Error says what differs and how to take the organization over.
func (e *OrganizationTakenError) Error() string {
	return fmt.Sprintf("Organization %q already exists and you are a member of it, but %s, so it was not taken "+
		"over, and nothing was changed. To manage it with Terraform, import it instead of creating it: add an "+
		"import block with id = %q, or run `terraform import <address> %s`.",
		e.Name, strings.Join(e.Differences, "; "), e.Name, e.Name)
}

// CreateOrganizationOrTakeOver creates an organization as
// CreateOrganization does. When the name is taken by an organization the
// signed-in user administers and that is as body asks (its subscription
// and two-factor setting, where body sets them), it is taken over: an
// earlier apply may have been killed after UbiOps created it and before
// Terraform recorded it. taken is then true, and the caller says so.
// Otherwise a taken name is an *OrganizationTakenError when the user is a
// member of that organization, or UbiOps' own error when not.
func (s *Service) CreateOrganizationOrTakeOver(ctx context.Context, body ubiops.OrganizationCreate) (_ *ubiops.Organization, taken bool, _ error) {
	org, err := s.CreateOrganization(ctx, body)
	if err == nil || !ubiops.IsBadRequest(err) {
		return org, false, err
	}
	found, getErr := s.ReadOrganization(ctx, body.Name)
	if getErr != nil {
		return nil, false, err // not the caller's, or not known to be
	}
	var differs []string
	users, listErr := s.listMembers(ctx, body.Name)
	switch {
	case listErr != nil && !ubiops.IsForbidden(listErr):
		return nil, false, err
	case listErr != nil || !isAdmin(users, s.signedIn):
		differs = append(differs, "you are not one of its admins")
	}
	if body.Subscription != "" && found.Subscription != body.Subscription {
		differs = append(differs, fmt.Sprintf("its subscription is %q, not %q", found.Subscription, body.Subscription))
	}
	if want := body.TwoFactorAuthenticationForced; want != nil && found.TwoFactorAuthenticationForced != *want {
		differs = append(differs, fmt.Sprintf("its two_factor_authentication_forced is %t, not %t", found.TwoFactorAuthenticationForced, *want))
	}
	if len(differs) > 0 {
		return nil, false, &OrganizationTakenError{Name: body.Name, Differences: differs}
	}
	return found, true, nil
}

// isAdmin tells whether email is an admin among users.
func isAdmin(users []ubiops.OrganizationUser, email string) bool {
	me := FindMemberByEmail(users, email)
	return email != "" && me != nil && me.Admin
}
