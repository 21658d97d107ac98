package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
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
