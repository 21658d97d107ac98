package provider

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
)

// privateOrganizationID is the private-state key under which a membership
// remembers its organization's UUID: the organization's name can change
// outside Terraform, its UUID cannot.
const privateOrganizationID = "organization_id"

// privateGetter and privateSetter are the private-state halves that
// requests and responses offer.
type (
	privateGetter interface {
		GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	}
	privateSetter interface {
		SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
	}
)

type privateOrg struct {
	ID string `json:"id"`
}

func privateOrgID(ctx context.Context, private privateGetter, diags *diag.Diagnostics) string {
	raw, d := private.GetKey(ctx, privateOrganizationID)
	diags.Append(d...)
	var v privateOrg
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return ""
	}
	return v.ID
}

func setPrivateOrgID(ctx context.Context, private privateSetter, id string, diags *diag.Diagnostics) {
	raw, _ := json.Marshal(privateOrg{ID: id})
	diags.Append(private.SetKey(ctx, privateOrganizationID, raw)...)
}

// privateAppliedMembers is the private-state key under which
// ubiops_organization_members remembers the addresses it was last told to
// keep (in the configuration last applied, or found at import), so that a
// plan tells a member added outside Terraform from one dropped from the
// configuration.
const privateAppliedMembers = "applied_members"

// privateEmails reads the addresses stored under key, compared
// case-insensitively; ok is false when none were stored.
func privateEmails(ctx context.Context, private privateGetter, key string, diags *diag.Diagnostics) (_ map[string]bool, ok bool) {
	raw, d := private.GetKey(ctx, key)
	diags.Append(d...)
	var emails []string
	if len(raw) == 0 || json.Unmarshal(raw, &emails) != nil {
		return nil, false
	}
	set := make(map[string]bool, len(emails))
	for _, e := range emails {
		set[orgs.EmailKey(e)] = true
	}
	return set, true
}

func setPrivateEmails(ctx context.Context, private privateSetter, key string, emails []string, diags *diag.Diagnostics) {
	keys := make([]string, len(emails))
	for i, e := range emails {
		keys[i] = orgs.EmailKey(e)
	}
	slices.Sort(keys)
	raw, _ := json.Marshal(slices.Compact(keys))
	diags.Append(private.SetKey(ctx, key, raw)...)
}
