package orgs

import (
	"context"
	"fmt"
	"strings"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// A resource leaves the Terraform state only on proof that its object is
// gone: its organization's UUID is absent from the list of the caller's
// organizations, or the organization exists and the member is not in its
// member list. A 404 alone proves nothing: a wrong host or base path, or a
// route the server does not know, answers 404 to everything. The functions
// below turn what UbiOps answers into found, proven absent, or an error.

// UnprovenAbsence is a 404 that does not show the object is gone.
type UnprovenAbsence struct {
	host      string
	lookedFor string // "organization acme"
	answer    error  // the 404
	why       string // what else was tried, or why nothing else could be
}

// Error names the host, what was looked for and what to check.
func (e *UnprovenAbsence) Error() string {
	return fmt.Sprintf("UbiOps at %s answered 404 Not Found when looking for %s (%s)%s.\n\n"+
		"A 404 alone does not show that it is gone, so nothing was changed in the Terraform state. Check the "+
		"provider's host: it must be the base URL of the UbiOps API including its version, such as %s.",
		e.host, e.lookedFor, e.answer, e.why, ubiops.DefaultHost)
}

func (s *Service) unproven(lookedFor string, answer error, why string) error {
	return &UnprovenAbsence{host: s.client.BaseURL(), lookedFor: lookedFor, answer: answer, why: why}
}

// LocateOrganization finds the organization named name, or, when id is
// known and the name no longer leads to it, the one with that UUID under
// its new name. gone is the proof that it is not among the caller's
// organizations any more (by UUID; by name when the UUID is unknown).
func (s *Service) LocateOrganization(ctx context.Context, name, id string) (_ *ubiops.Organization, gone bool, _ error) {
	org, err := s.organizations.get(ctx, name)
	switch {
	case err == nil && (id == "" || strings.EqualFold(org.ID, id)):
		return org, false, nil
	case err == nil:
		// The name now belongs to another organization: this one was renamed.
		return s.listedOrganization(ctx, name, id, nil)
	case ubiops.IsNotFound(err):
		return s.listedOrganization(ctx, name, id, err)
	}
	return nil, false, err
}

// listedOrganization looks the organization up in the list of the caller's
// organizations, by UUID (by name when the UUID is unknown). notFound is
// the 404 that led here, if any: it must be explained by the list.
func (s *Service) listedOrganization(ctx context.Context, name, id string, notFound error) (_ *ubiops.Organization, gone bool, _ error) {
	what := "organization " + name
	if id != "" {
		what += " (UUID " + id + ")"
	}
	orgs, err := s.client.ListOrganizations(ctx)
	if err != nil {
		if notFound == nil {
			return nil, false, err
		}
		return nil, false, s.unproven(what, notFound, ", and the list of the signed-in user's organizations "+
			"could not be read to tell a renamed or deleted organization from a wrong address: "+err.Error())
	}
	for i := range orgs {
		if (id != "" && strings.EqualFold(orgs[i].ID, id)) || (id == "" && orgs[i].Name == name) {
			if notFound != nil && orgs[i].Name == name {
				return nil, false, s.unproven(what, notFound, ", although the organization is among the "+
					"signed-in user's organizations under that name")
			}
			return &orgs[i], false, nil
		}
	}
	return nil, true, nil
}

// LocateMember finds a member of the organization a membership belongs to:
// org is the organization's name in state, orgID its UUID when known, key
// what the state knows of the member (see pick). It returns the
// organization's current name and the member, or a nil member when UbiOps
// showed that the membership is gone. Any other outcome is an error: a
// list that cannot be whole (see listMembers) or that shows the address
// under another user id (see pick) proves nothing.
func (s *Service) LocateMember(ctx context.Context, org, orgID string, key MemberKey) (string, *ubiops.OrganizationUser, error) {
	users, err := s.members.get(ctx, org)
	switch {
	case err == nil:
		user, err := s.pick(org, key, users)
		if user != nil || err != nil || orgID == "" {
			return org, user, err
		}
		// Absent from this list: proof, if the list is this
		// organization's, and not one that took its name since.
		current, gone, err := s.LocateOrganization(ctx, org, orgID)
		if err != nil || gone || strings.EqualFold(current.Name, org) {
			return org, nil, err
		}
		return s.membersUnderNewName(ctx, current.Name, key)
	case !ubiops.IsNotFound(err):
		return org, nil, err
	case orgID == "":
		return org, nil, s.unproven("the members of organization "+org, err, ". This membership does not know "+
			"its organization's UUID (it was created or imported by an earlier version of the provider and not "+
			"refreshed since), so a renamed organization cannot be told from a wrong address. If the organization "+
			"was renamed outside Terraform, set organization_name to its new name")
	}
	current, gone, err := s.listedOrganization(ctx, org, orgID, err)
	if err != nil || gone {
		return org, nil, err
	}
	return s.membersUnderNewName(ctx, current.Name, key)
}

// membersUnderNewName reads the member list of a renamed organization; a
// 404 now is no proof either.
func (s *Service) membersUnderNewName(ctx context.Context, org string, key MemberKey) (string, *ubiops.OrganizationUser, error) {
	users, err := s.membersOfListed(ctx, org)
	if err != nil {
		return org, nil, err
	}
	user, err := s.pick(org, key, users)
	return org, user, err
}

// membersOfListed reads the member list of an organization that the list of
// the caller's organizations just showed under the name org: a 404 is no
// proof of anything then.
func (s *Service) membersOfListed(ctx context.Context, org string) ([]ubiops.OrganizationUser, error) {
	users, err := s.members.get(ctx, org)
	if ubiops.IsNotFound(err) {
		return nil, s.unproven("the members of organization "+org, err,
			", although the organization is among the signed-in user's organizations under that name")
	}
	return users, err
}

// LocateMembers reads the member list of the organization with the UUID
// orgID, known in state as org, through the list shared by every reader of
// the organization: it checks that the name still leads to that
// organization and follows it to its new name when it was renamed (see
// LocateOrganization). It returns the organization as it is now, or gone
// when UbiOps showed that the caller no longer has it.
func (s *Service) LocateMembers(ctx context.Context, org, orgID string) (_ *ubiops.Organization, _ []ubiops.OrganizationUser, gone bool, _ error) {
	current, gone, err := s.LocateOrganization(ctx, org, orgID)
	if err != nil || gone {
		return nil, nil, gone, err
	}
	users, err := s.membersOfListed(ctx, current.Name)
	return current, users, false, err
}

// LocateMembersAfresh is LocateMembers with a member list read now, not
// one shared with earlier readers: the organization may have been renamed,
// and members removed, since the state was last refreshed.
func (s *Service) LocateMembersAfresh(ctx context.Context, org, orgID string) (_ *ubiops.Organization, _ []ubiops.OrganizationUser, gone bool, _ error) {
	s.members.invalidate(org)
	return s.LocateMembers(ctx, org, orgID)
}

// CurrentName is the name of the organization with UUID id among the
// signed-in user's organizations, or "" when it is not known or not found.
func (s *Service) CurrentName(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	org, _, err := s.listedOrganization(ctx, "", id, nil)
	if err != nil || org == nil {
		return ""
	}
	return org.Name
}
