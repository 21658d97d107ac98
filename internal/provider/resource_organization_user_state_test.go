package provider

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The object conversion must carry every attribute of the model, and give
// the same state as the framework's own conversion of the tagged struct.
func TestMembershipStateConversionMatchesTheModel(t *testing.T) {
	ctx := context.Background()
	var tags []string
	for f := range reflect.TypeFor[organizationUserModel]().Fields() {
		tags = append(tags, f.Tag.Get("tfsdk"))
	}
	var names []string
	for name := range membershipAttrTypes() {
		names = append(names, name)
	}
	slices.Sort(tags)
	slices.Sort(names)
	if !slices.Equal(tags, names) {
		t.Fatalf("schema attributes %v, model fields %v", names, tags)
	}

	var schemaResp resource.SchemaResponse
	(&OrganizationUserResource{}).Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	timeoutsType, ok := membershipAttrTypes()["timeouts"].(timeouts.Type)
	if !ok {
		t.Fatalf("timeouts type: %T", membershipAttrTypes()["timeouts"])
	}
	want := organizationUserModel{
		ID: types.StringValue("4f8e0c36-5b5e-4d7e-9a55-0c8b1f1d2e3a"), OrganizationName: types.StringValue("team"),
		Email: types.StringValue("jane@example.com"), Admin: types.BoolValue(true), Name: types.StringValue("Jane"),
		Surname: types.StringNull(), Status: types.StringValue("active"), AllowSelfRemoval: types.BoolValue(false),
		Timeouts: timeouts.Value{Object: types.ObjectNull(timeoutsType.AttrTypes)},
	}
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
	var diags diag.Diagnostics
	setMembership(ctx, &state, want, &diags)
	var viaFramework, viaObject organizationUserModel
	diags.Append(state.Get(ctx, &viaFramework)...)
	getMembership(ctx, state, &viaObject, &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !reflect.DeepEqual(viaFramework, want) || !reflect.DeepEqual(viaObject, want) {
		t.Fatalf("round trip:\nframework %+v\nobject    %+v\nwant      %+v", viaFramework, viaObject, want)
	}
}
