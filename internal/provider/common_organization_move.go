package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Memberships address their organization by name, which can change outside
// Terraform; its UUID cannot. A membership moved to a new organization name
// is accepted only when the name leads to the same organization.

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
	found, err := d.orgs.Organization(ctx, org)
	if err != nil {
		detail := d.apiErrorDetail(err, adminPermission(org))
		if current := ""; ubiops.IsNotFound(err) {
			if current = d.orgs.CurrentName(ctx, knownID); current != "" {
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
		if current := d.orgs.CurrentName(ctx, knownID); current != "" {
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
