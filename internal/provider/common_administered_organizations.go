package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// administered is an organization the signed-in user is an admin of, with
// its members.
type administered struct {
	org     ubiops.Organization
	members []ubiops.OrganizationUser
}

// administeredOrganizations finds the organizations the signed-in user is
// an admin of, sorted by name, at most limit of them (0 means all). UbiOps
// lists every organization the user belongs to; only an admin may list an
// organization's members (a plain member gets 403), which tells the two
// apart and reads the members the callers need anyway. An error ends the
// search: it is added to diags, and what was found before it is returned.
func (d *providerData) administeredOrganizations(ctx context.Context, limit int64, diags *diag.Diagnostics) []administered {
	orgs, err := d.client.ListOrganizations(ctx)
	if err != nil {
		d.addAPIError(diags, "Cannot list organizations", err, "")
		return nil
	}
	sort.Slice(orgs, func(i, j int) bool { return orgs[i].Name < orgs[j].Name })
	var found []administered
	for _, org := range orgs {
		if limit > 0 && int64(len(found)) >= limit {
			break
		}
		members, err := d.orgs.Members(ctx, org.Name)
		if ubiops.IsForbidden(err) {
			continue // a plain member: not the user's to manage
		}
		if err != nil {
			d.addAPIError(diags, "Cannot list the members of organization "+org.Name, err, "")
			break
		}
		found = append(found, administered{org: org, members: members})
	}
	return found
}

// listAdministered answers a list request with one result per organization
// the signed-in user administers, made by result with a context bounded by
// lookupTimeout. result adds an error to diags and returns false to end the
// list; the results made before it are still shown.
func listAdministered(ctx context.Context, data *providerData, req list.ListRequest, stream *list.ListResultsStream,
	result func(ctx context.Context, a administered, diags *diag.Diagnostics) (listed, bool),
) {
	var diags diag.Diagnostics
	if notConfigured(data, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	bounded, cancel := withLookupTimeout(ctx)
	defer cancel()
	var found []listed
	for _, a := range data.administeredOrganizations(bounded, req.Limit, &diags) {
		l, ok := result(bounded, a, &diags)
		if !ok {
			break
		}
		found = append(found, l)
	}
	stream.Results = streamListed(ctx, req, found, diags)
}
