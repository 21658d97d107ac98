package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ubiops/terraform-provider-ubiops/internal/plugin"
)

// TestStateOfTheEarlierProviderReads: state written by the earlier UbiOps
// provider (schema version 0, the attributes below and no others) is read
// as it is, without a migration; what this provider adds starts as null.
func TestStateOfTheEarlierProviderReads(t *testing.T) {
	cases := []struct {
		typeName string
		raw      string
		want     map[string]string
	}{
		{
			typeName: "ubiops_organization",
			raw: `{"id":"abe2e406-fae5-4bcf-a3bc-956d756e4ecb","name":"acme-ml","subscription":"professional",
				"subscription_end_date":"2027-01-31","subscription_start_date":"2026-02-01",
				"two_factor_authentication_forced":false,"status":"active","creation_date":"2020-03-25T15:43:46.101877Z"}`,
			want: map[string]string{"id": "abe2e406-fae5-4bcf-a3bc-956d756e4ecb", "name": "acme-ml",
				"subscription": "professional", "subscription_end_date": "2027-01-31", "status": "active"},
		},
		{
			typeName: "ubiops_organization_user",
			raw: `{"id":"332d7432-2742-4177-99a9-139e91e0110c","organization_name":"acme-ml",
				"email":"jane@example.com","admin":true,"status":"active"}`,
			want: map[string]string{"id": "332d7432-2742-4177-99a9-139e91e0110c", "organization_name": "acme-ml",
				"email": "jane@example.com", "status": "active"},
		},
	}
	server := plugin.NewServer(New("test")())()
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.typeName, func(t *testing.T) {
			resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
				TypeName: tc.typeName,
				Version:  0,
				RawState: &tfprotov6.RawState{JSON: []byte(tc.raw)},
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range resp.Diagnostics {
				t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
			}
			objectType := schemas.ResourceSchemas[tc.typeName].ValueType()
			state, err := resp.UpgradedState.Unmarshal(objectType)
			if err != nil {
				t.Fatal(err)
			}
			var attrs map[string]tftypes.Value
			if err := state.As(&attrs); err != nil {
				t.Fatal(err)
			}
			for name, want := range tc.want {
				var got string
				if err := attrs[name].As(&got); err != nil || got != want {
					t.Errorf("%s = %q (%v), want %q", name, got, err, want)
				}
			}
			if !attrs["timeouts"].IsNull() {
				t.Errorf("timeouts = %v, want null", attrs["timeouts"])
			}
		})
	}
}
