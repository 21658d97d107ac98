package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Memberships address their organization by name, which can change outside
// Terraform; its UUID cannot. These helpers follow an organization by its
// UUID for every resource that holds memberships.

// locateMembers reads the member list of the organization with the UUID
// orgID, known in state as org, through the list shared by every reader of
// the organization: it checks that the name still leads to that
// organization and follows it to its new name when it was renamed (see
// locateOrganization). It returns the organization as it is now, or gone
// when UbiOps showed that the caller no longer has it.
func (d *providerData) locateMembers(ctx context.Context, org, orgID string) (_ *ubiops.Organization, _ []ubiops.OrganizationUser, gone bool, _ error) {
	current, gone, err := d.locateOrganization(ctx, org, orgID)
	if err != nil || gone {
		return nil, nil, gone, err
	}
	users, err := d.membersOfListed(ctx, current.Name)
	return current, users, false, err
}

// organizationMove describes, for the refusal of a move, what belongs to
// the organization ("this membership belongs to") and what to do instead.
type organizationMove struct {
	belongs string
	advice  string
}

// confirmSameOrganization looks org up and accepts it only when it is the
// organization with the UUID knownID (any organization when knownID is
// unknown): a new organization_name is most often the same organization
// renamed, but pointing memberships at another organization would remove
// the members' roles in the old one's projects. ok is false when the
// diagnostics say why the name was refused.
func (d *providerData) confirmSameOrganization(ctx context.Context, org, knownID string, move organizationMove, diags *diag.Diagnostics) (_ *ubiops.Organization, ok bool) {
	// The organization's own update, which Terraform applies first, has
	// dropped any earlier answer for this name.
	found, err := d.organizations.get(ctx, org)
	if err != nil {
		detail := d.apiErrorDetail(err, adminPermission(org))
		if current := ""; ubiops.IsNotFound(err) {
			if current = d.currentName(ctx, knownID); current != "" {
				// Named literally in the configuration, and renamed since.
				detail = fmt.Sprintf("There is no organization %s: the organization %s (UUID %s) is now called %s, "+
					"renamed outside Terraform. Nothing was changed. Set organization_name = %q, or rename the "+
					"organization back to %s (in its ubiops_organization resource, or in UbiOps).",
					org, move.belongs, knownID, current, current, org)
			}
		}
		diags.AddError("Cannot find organization "+org, detail)
		return nil, false
	}
	if knownID != "" && found.ID != knownID {
		now := ""
		if current := d.currentName(ctx, knownID); current != "" {
			now = ", now called " + current
		}
		diags.AddError("Membership belongs to another organization",
			fmt.Sprintf("Organization %s (UUID %s) is not the organization %s (UUID %s%s), so nothing was "+
				"changed. Moving a member to another organization removes the membership and with it the "+
				"user's roles in the old organization's projects; %s",
				org, found.ID, move.belongs, knownID, now, move.advice))
		return nil, false
	}
	return found, true
}

// currentName is the name of the organization with UUID id among the
// signed-in user's organizations, or "" when it is not known or not found.
func (d *providerData) currentName(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	org, _, err := d.listedOrganization(ctx, "", id, nil)
	if err != nil || org == nil {
		return ""
	}
	return org.Name
}
