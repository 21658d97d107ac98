package provider

import (
	"context"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A plan reads and writes every membership's state. The framework's
// conversion between state and a tagged struct reflects over the struct and
// compiles a regular expression per field on every call (v1.19.0), about a
// tenth of the provider's CPU in a 1,000-member plan; converting through an
// object value, whose attribute types and field indexes are built once per
// process, does neither.

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

// membershipFields maps each attribute to the index of its field in
// organizationUserModel, read once from the fields' tfsdk tags: the model
// is the one list of a membership's attributes.
var membershipFields = sync.OnceValue(func() map[string]int {
	fields := map[string]int{}
	model := reflect.TypeFor[organizationUserModel]()
	for i := range model.NumField() {
		fields[model.Field(i).Tag.Get("tfsdk")] = i
	}
	return fields
})

// getMembership reads a membership's state.
func getMembership(ctx context.Context, state stateGetter, m *organizationUserModel, diags *diag.Diagnostics) {
	var object types.Object
	diags.Append(state.Get(ctx, &object)...)
	if diags.HasError() {
		return
	}
	*m = organizationUserModel{}
	model := reflect.ValueOf(m).Elem()
	for name, value := range object.Attributes() {
		i, ok := membershipFields()[name]
		if !ok || value == nil {
			continue
		}
		if v := reflect.ValueOf(value); v.Type().AssignableTo(model.Field(i).Type()) {
			model.Field(i).Set(v)
		}
	}
}

// setMembership writes a membership's state.
func setMembership(ctx context.Context, state stateSetter, m organizationUserModel, diags *diag.Diagnostics) {
	model := reflect.ValueOf(m)
	values := make(map[string]attr.Value, len(membershipFields()))
	for name, i := range membershipFields() {
		values[name], _ = model.Field(i).Interface().(attr.Value)
	}
	object, d := types.ObjectValue(membershipAttrTypes(), values)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, object)...)
}
