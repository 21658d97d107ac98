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
		org, err := s.client.GetOrganization(ctx, body.Name)
		if ubiops.IsNotFound(err) {
			return nil, false, nil
		}
		return org, err == nil, err
	})
}

// UpdateOrganization changes the organization named name; what was read of
// it under its old and new name is forgotten.
func (s *Service) UpdateOrganization(ctx context.Context, name string, update ubiops.OrganizationUpdate) (*ubiops.Organization, error) {
	defer s.writes.begin(name, false)()
	defer s.forgetOrganization(name)
	if update.Name != nil {
		defer s.forgetOrganization(*update.Name)
	}
	return s.client.UpdateOrganization(ctx, name, update)
}
