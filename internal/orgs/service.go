// Package orgs holds the rules for UbiOps organizations and their members,
// free of Terraform: reads shared between the resources of one run, where
// an organization or a member is now (by UUID, under a new name, or proven
// gone), the changes that turn one member list into another and the order
// in which writes reach UbiOps, creation that adopts what a lost answer
// created, and the rules a plan must keep (one manager per member list, no
// self-lockout). It calls UbiOps through internal/ubiops and answers with
// Go errors; every write forgets the shared reads it changes.
package orgs

import (
	"context"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Service answers questions about the signed-in user's organizations and
// changes them, for the whole of one provider run (a plan or an apply).
type Service struct {
	client *ubiops.Client
	log    ubiops.Logger
	// members shares one organization_users_list answer, keyed by
	// organization name, between the memberships that read it.
	members *sharedReads[[]ubiops.OrganizationUser]
	// organizations shares organizations_get answers, keyed by name.
	organizations *sharedReads[*ubiops.Organization]
	// organizationIDs keeps each organization's UUID, keyed by name, for the
	// whole run: new memberships learn it from one read per organization.
	organizationIDs *sharedReads[string]
	// organizationList shares the list of the caller's organizations
	// between the imports of one plan that name an organization by its UUID
	// (the key is unused).
	organizationList *sharedReads[[]ubiops.Organization]
	// writes orders the membership writes of an apply (write_order.go).
	writes *writeOrder
	// claims notices an organization whose members are managed both as a
	// whole and one by one, and an address claimed twice (claims.go).
	claims *claims
	// signedIn is the email of the user the provider is signed in as, when
	// known: every member list an admin reads holds it (list_proof.go).
	signedIn string
}

// New returns the rules for the organizations client can reach. log
// receives debug messages (nil discards them); no field ever holds a secret.
func New(client *ubiops.Client, log ubiops.Logger) *Service {
	if log == nil {
		log = discardLog{}
	}
	s := &Service{
		client: client,
		log:    log,
		organizationList: newSharedReads(func(ctx context.Context, _ string) ([]ubiops.Organization, error) {
			return client.ListOrganizations(ctx)
		}),
		writes: newWriteOrder(),
		claims: newClaims(),
	}
	s.members = newSharedReads(s.listMembers)
	s.organizations = newSharedReads(s.ReadOrganization)
	s.organizationIDs = newSharedReads(func(ctx context.Context, name string) (string, error) {
		org, err := s.ReadOrganization(ctx, name)
		if err != nil {
			return "", err
		}
		return org.ID, nil
	}).forRun()
	return s
}

// ReadOrganization reads the organization named name afresh, and checks
// that the answer is about that organization (see checkOrganization).
func (s *Service) ReadOrganization(ctx context.Context, name string) (*ubiops.Organization, error) {
	org, err := s.client.GetOrganization(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := s.checkOrganization(name, "", org); err != nil {
		return nil, err
	}
	return org, nil
}

// discardLog is the logger of a Service made without one.
type discardLog struct{}

// Debug drops the message: a Service without a logger says nothing.
func (discardLog) Debug(context.Context, string, map[string]any) {}

// Members is the member list of organization org, shared with the other
// readers of the same organization for a few seconds (sharedReadTTL).
func (s *Service) Members(ctx context.Context, org string) ([]ubiops.OrganizationUser, error) {
	return s.members.get(ctx, org)
}

// Organization is the organization named name, shared like Members.
func (s *Service) Organization(ctx context.Context, name string) (*ubiops.Organization, error) {
	return s.organizations.get(ctx, name)
}

// OrganizationID is the UUID of the organization named name, read once per
// organization and run.
func (s *Service) OrganizationID(ctx context.Context, name string) (string, error) {
	return s.organizationIDs.get(ctx, name)
}

// forgetOrganization drops what is known of an organization after a write,
// so the next read asks UbiOps.
func (s *Service) forgetOrganization(name string) {
	s.organizations.invalidate(name)
	s.organizationIDs.invalidate(name)
	s.members.invalidate(name)
}
