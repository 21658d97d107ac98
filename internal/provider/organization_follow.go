package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

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
		d.addAPIError(diags, "Cannot find organization "+org, err, readPermission(org))
		return nil, false
	}
	if knownID != "" && found.ID != knownID {
		diags.AddError("Membership belongs to another organization",
			fmt.Sprintf("Organization %s (UUID %s) is not the organization %s (UUID %s), so nothing was "+
				"changed. Moving a member to another organization removes the membership and with it the "+
				"user's roles in the old organization's projects; %s",
				org, found.ID, move.belongs, knownID, move.advice))
		return nil, false
	}
	return found, true
}
