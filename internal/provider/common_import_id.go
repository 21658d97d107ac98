package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
)

// membershipImportID is a parsed ubiops_organization_user import ID:
// "organization/email" or "organization/user_id".
type membershipImportID struct {
	Organization string
	Email        string
	UserID       string
}

// parseMembershipImportID reads "organization/email" or
// "organization/user_id", telling the two apart by shape.
func parseMembershipImportID(id string) (membershipImportID, error) {
	org, member, ok := strings.Cut(strings.TrimSpace(id), "/")
	if !ok || org == "" || member == "" || strings.Contains(member, "/") {
		return membershipImportID{}, fmt.Errorf("%q is not of the form organization/email or organization/user_id, "+
			"for example my-org/jane@example.com or my-org/332d7432-2742-4177-99a9-139e91e0110c", id)
	}
	if problem := organizationNameProblem(org); problem != "" {
		return membershipImportID{}, fmt.Errorf("the organization part of %q is not valid: %s. It must be %s",
			id, problem, organizationNameRule)
	}
	switch {
	case orgs.IsUUID(member):
		return membershipImportID{Organization: org, UserID: strings.ToLower(member)}, nil
	case isEmail(member):
		return membershipImportID{Organization: org, Email: member}, nil
	}
	return membershipImportID{}, fmt.Errorf("the member part of %q is neither an email address nor a user UUID", id)
}

// organizationImportID reads an import ID that names an organization by its
// name or by its UUID, told apart by shape. A UUID is looked up to learn the
// name (id is then the UUID); ok is false when the diagnostics say why the
// ID is refused.
func organizationImportID(ctx context.Context, data *providerData, importID string, diags *diag.Diagnostics) (name, id string, ok bool) {
	if orgs.IsUUID(importID) {
		if notConfigured(data, diags) {
			return "", "", false
		}
		org, err := data.orgs.OrganizationByID(ctx, importID)
		if err != nil {
			data.addAPIError(diags, "Cannot import organization "+importID, err, "a member of the organization")
			return "", "", false
		}
		return org.Name, importID, true
	}
	if problem := organizationNameProblem(importID); problem != "" {
		diags.AddError("Invalid import ID",
			fmt.Sprintf("%s. Import an organization by its name (%s) or by its UUID.", problem, organizationNameRule))
		return "", "", false
	}
	return importID, "", true
}

// importOrganization imports a resource that stands for one organization
// (the organization itself, or its member list) by the organization's name,
// its UUID, or an identity whose identityAttribute is the UUID. It records
// the UUID, when known, as id and the name as nameAttribute; the refresh
// that follows reads the rest.
func importOrganization(ctx context.Context, data *providerData, req resource.ImportStateRequest, resp *resource.ImportStateResponse, identityAttribute, nameAttribute string) {
	importID := req.ID
	if ids, ok := importIdentityUUIDs(ctx, req.Identity, &resp.Diagnostics, identityAttribute); ok {
		importID = ids[0]
	} else if resp.Diagnostics.HasError() {
		return
	}
	bounded, cancel := withLookupTimeout(ctx)
	defer cancel()
	name, id, ok := organizationImportID(bounded, data, importID, &resp.Diagnostics)
	if !ok {
		return
	}
	if id != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(nameAttribute), name)...)
}
