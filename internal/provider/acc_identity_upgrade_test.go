package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// providerBeforeIdentity serves the provider as its versions before resource
// identity did: the same resources without an identity schema, and
// memberships that do not remember their organization's UUID.
type providerBeforeIdentity struct{ provider.Provider }

func (p providerBeforeIdentity) Resources(ctx context.Context) []func() resource.Resource {
	var wrapped []func() resource.Resource
	for _, newResource := range p.Provider.Resources(ctx) {
		wrapped = append(wrapped, func() resource.Resource { return resourceBeforeIdentity{newResource()} })
	}
	return wrapped
}

// providersBeforeIdentity serve providerBeforeIdentity, a new instance per
// Terraform command, as testProviders serve the provider.
var providersBeforeIdentity = map[string]func() (tfprotov6.ProviderServer, error){
	"ubiops": func() (tfprotov6.ProviderServer, error) {
		return providerserver.NewProtocol6WithError(providerBeforeIdentity{New("earlier")()})()
	},
}

// resourceBeforeIdentity passes every call on except IdentitySchema, which
// it hides, and drops the remembered organization UUID from private state.
type resourceBeforeIdentity struct{ resource.Resource }

func (r resourceBeforeIdentity) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c, ok := r.Resource.(resource.ResourceWithConfigure); ok {
		c.Configure(ctx, req, resp)
	}
}

func (r resourceBeforeIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if i, ok := r.Resource.(resource.ResourceWithImportState); ok {
		i.ImportState(ctx, req, resp)
	}
}

func (r resourceBeforeIdentity) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if m, ok := r.Resource.(resource.ResourceWithModifyPlan); ok {
		m.ModifyPlan(ctx, req, resp)
	}
}

func (r resourceBeforeIdentity) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if v, ok := r.Resource.(resource.ResourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

func (r resourceBeforeIdentity) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.Resource.Create(ctx, req, resp)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateOrganizationID, nil)...)
}

func (r resourceBeforeIdentity) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.Resource.Read(ctx, req, resp)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateOrganizationID, nil)...)
}

// expectNoIdentity asserts that a resource's state has no identity.
func expectNoIdentity(address string) statecheck.StateCheck { return noIdentity(address) }

type noIdentity string

func (address noIdentity) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == string(address) {
			if len(r.IdentityValues) > 0 {
				resp.Error = fmt.Errorf("%s has an identity: %v", address, r.IdentityValues)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in the state", address)
}

// TestAccIdentity_stateOfEarlierVersionsUpgrades: state written before
// resource identity existed gains its identity on the next refresh, with
// nothing to change in the plan, and the memberships learn their
// organization's UUID again.
func TestAccIdentity_stateOfEarlierVersionsUpgrades(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("upgrade")
	config := env.config(membersConfig(org, map[string]string{"lead": "lead@example.com,true", "dev": "dev@example.com"}))

	acceptanceTest(t, tfresource.TestCase{
		TerraformVersionChecks: needsIdentity,
		Steps: []tfresource.TestStep{
			{
				ProtoV6ProviderFactories: providersBeforeIdentity,
				Config:                   config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectNoIdentity("ubiops_organization.test"),
					expectNoIdentity("ubiops_organization_user.lead"),
				},
			},
			{
				ProtoV6ProviderFactories: testProviders,
				Config:                   config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: identityChecks(env, &org),
			},
		},
	})
}

// TestAccIdentity_goneBeforeUpgrade: a membership deleted outside Terraform
// while its state had no identity yet is planned for creation again, as any
// drift is, rather than failing the refresh.
func TestAccIdentity_goneBeforeUpgrade(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	org := randomName("upgrade-gone")
	config := env.config(membersConfig(org, map[string]string{"lead": "lead@example.com,true", "dev": "dev@example.com"}))

	acceptanceTest(t, tfresource.TestCase{
		TerraformVersionChecks: needsIdentity,
		Steps: []tfresource.TestStep{
			{
				ProtoV6ProviderFactories: providersBeforeIdentity,
				Config:                   config,
			},
			{
				ProtoV6ProviderFactories: testProviders,
				PreConfig: func() {
					if err := env.emulator(t).DeleteMember(org, "dev@example.com"); err != nil {
						t.Fatal(err)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("ubiops_organization_user.dev", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("ubiops_organization_user.lead", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("ubiops_organization.test", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}
