package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ubiops/terraform-provider-ubiops/internal/plugin"
)

// TestOrganizationMembersStateUpgradesFromMemberBlocks: state of schema
// version 0 (member blocks) becomes the members and users maps, keeping
// each email's spelling, every member's details and the timeouts.
func TestOrganizationMembersStateUpgradesFromMemberBlocks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	server := plugin.NewServer(New("test")())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ResourceSchemas["ubiops_organization_members"].ValueType()
	if v := schemas.ResourceSchemas["ubiops_organization_members"].Version; v != 1 {
		t.Fatalf("schema version %d, want 1", v)
	}
	v0 := `{"id":"org-uuid","organization_name":"acme","timeouts":{"create":"30m","read":null,"update":null,"delete":null},"member":[
		{"email":"Admin@Example.com","admin":true,"user_id":"u1","status":"active","name":"Ada","surname":"Admin"},
		{"email":"new@example.com","admin":false,"user_id":"u2","status":"invited","name":"","surname":""}]}`
	resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "ubiops_organization_members", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(v0)},
	})
	if err != nil || hasError(resp.Diagnostics) {
		for _, d := range resp.Diagnostics {
			t.Log(d.Summary, ": ", d.Detail)
		}
		t.Fatalf("upgrade: %v", err)
	}
	upgraded, err := resp.UpgradedState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	attrTypes := attributeTypes(t, typ)
	users, ok := attrTypes["users"].(tftypes.Map)
	if !ok {
		t.Fatalf("users is a %s, want a map", attrTypes["users"])
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	user := func(id, status, name, surname string) tftypes.Value {
		return tftypes.NewValue(users.ElementType, map[string]tftypes.Value{
			"user_id": str(id), "status": str(status), "name": str(name), "surname": str(surname)})
	}
	want := tftypes.NewValue(typ, map[string]tftypes.Value{
		"id": str("org-uuid"), "organization_name": str("acme"),
		"members": tftypes.NewValue(attrTypes["members"], map[string]tftypes.Value{"Admin@Example.com": str("admin"), "new@example.com": str("member")}),
		"users": tftypes.NewValue(attrTypes["users"], map[string]tftypes.Value{
			"Admin@Example.com": user("u1", "active", "Ada", "Admin"), "new@example.com": user("u2", "invited", "", "")}),
		"timeouts": tftypes.NewValue(attrTypes["timeouts"], map[string]tftypes.Value{
			"create": str("30m"), "read": tftypes.NewValue(tftypes.String, nil),
			"update": tftypes.NewValue(tftypes.String, nil), "delete": tftypes.NewValue(tftypes.String, nil)}),
	})
	if !upgraded.Equal(want) {
		t.Fatalf("upgraded state\n%v\nwant\n%v", upgraded, want)
	}

	// The configuration rewritten as the migration note says plans nothing.
	var attrs map[string]tftypes.Value
	if err := upgraded.As(&attrs); err != nil {
		t.Fatal(err)
	}
	configured := dynamicValue(t, typ, map[string]tftypes.Value{
		"organization_name": attrs["organization_name"], "members": attrs["members"], "timeouts": attrs["timeouts"]})
	plan, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "ubiops_organization_members",
		PriorState: resp.UpgradedState, Config: configured, ProposedNewState: resp.UpgradedState})
	if err != nil || hasError(plan.Diagnostics) {
		t.Fatalf("plan: %v %v", err, plan.Diagnostics)
	}
	if planned, err := plan.PlannedState.Unmarshal(typ); err != nil || !planned.Equal(upgraded) {
		t.Fatalf("planned after the upgrade\n%v\nwant the upgraded state unchanged (%v)", planned, err)
	}

	resp, err = server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "ubiops_organization_members", Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(`{"member":"not a list"}`)},
	})
	if err != nil || !hasError(resp.Diagnostics) || resp.Diagnostics[0].Summary != "Cannot upgrade the state of ubiops_organization_members" {
		t.Fatalf("malformed state: %v %v; want the error that says what to do", err, resp.Diagnostics)
	}
}

// dynamicValue encodes an object of type typ with the given attributes, the
// others null.
func dynamicValue(t *testing.T, typ tftypes.Type, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	values := map[string]tftypes.Value{}
	for name, attrType := range attributeTypes(t, typ) {
		values[name] = tftypes.NewValue(attrType, nil)
		if v, ok := attrs[name]; ok {
			values[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// attributeTypes are the attributes' types of an object type.
func attributeTypes(t *testing.T, typ tftypes.Type) map[string]tftypes.Type {
	t.Helper()
	object, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	return object.AttributeTypes
}

// hasError tells whether diagnostics hold an error.
func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
