package orgs

import (
	"context"

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
