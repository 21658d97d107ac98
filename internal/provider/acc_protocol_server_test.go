package provider

// Helpers for tests that drive the provider's protocol server directly,
// without the Terraform CLI: a configured server, and values in the
// protocol's own types.

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ubiops/terraform-provider-ubiops/internal/plugin"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiopstest"
)

// configuredServer is the provider's protocol server, configured for srv.
func configuredServer(t *testing.T, srv *ubiopstest.Server) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	ctx := context.Background()
	server := plugin.NewServer(New("test")())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	configure, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config: dynamicValue(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
			"api_token": tftypes.NewValue(tftypes.String, "Bearer "+srv.AccessToken),
			"host":      tftypes.NewValue(tftypes.String, srv.URL),
		}),
	})
	if err != nil || hasError(configure.Diagnostics) {
		t.Fatalf("configure: %v %v", err, configure.Diagnostics)
	}
	return server, schemas
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
