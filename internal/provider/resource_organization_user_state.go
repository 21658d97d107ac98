package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A plan reads and writes every membership's state. The framework's
// conversion between state and a tagged struct reflects over the struct and
// compiles a regular expression per field on every call (v1.19.0), about a
// tenth of the provider's CPU in a 1,000-member plan; converting through an
// object value, whose attribute types are built once per process, does
// neither.

// membershipAttrTypes are ubiops_organization_user's attribute types, from
// its schema.
var membershipAttrTypes = sync.OnceValue(func() map[string]attr.Type {
	var resp resource.SchemaResponse
	(&OrganizationUserResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	if object, ok := resp.Schema.Type().(types.ObjectType); ok {
		return object.AttrTypes
	}
	return nil
})

// stateGetter and stateSetter are the halves of tfsdk.State used here.
type (
	stateGetter interface {
		Get(ctx context.Context, target any) diag.Diagnostics
	}
	stateSetter interface {
		Set(ctx context.Context, val any) diag.Diagnostics
	}
)

// getMembership reads a membership's state.
func getMembership(ctx context.Context, state stateGetter, m *organizationUserModel, diags *diag.Diagnostics) {
	var object types.Object
	diags.Append(state.Get(ctx, &object)...)
	if diags.HasError() {
		return
	}
	attrs := object.Attributes()
	str := func(name string) types.String {
		v, _ := attrs[name].(types.String)
		return v
	}
	admin, _ := attrs["admin"].(types.Bool)
	allowSelfRemoval, _ := attrs["allow_self_removal"].(types.Bool)
	deadlines, _ := attrs["timeouts"].(timeouts.Value)
	*m = organizationUserModel{
		ID: str("id"), OrganizationName: str("organization_name"), Email: str("email"), Admin: admin,
		Name: str("name"), Surname: str("surname"), Status: str("status"), AllowSelfRemoval: allowSelfRemoval,
		Timeouts: deadlines,
	}
}

// setMembership writes a membership's state.
func setMembership(ctx context.Context, state stateSetter, m organizationUserModel, diags *diag.Diagnostics) {
	object, d := types.ObjectValue(membershipAttrTypes(), map[string]attr.Value{
		"id": m.ID, "organization_name": m.OrganizationName, "email": m.Email, "admin": m.Admin,
		"name": m.Name, "surname": m.Surname, "status": m.Status, "allow_self_removal": m.AllowSelfRemoval,
		"timeouts": m.Timeouts,
	})
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, object)...)
}
