package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// organizationMembersSchemaVersion is ubiops_organization_members' schema
// version: 0 held the members as a list of member blocks, 1 as the members
// and users maps keyed by email.
const organizationMembersSchemaVersion = 1

// memberBlockV0 is one member block of schema version 0, as stored.
type memberBlockV0 struct {
	Email   string `json:"email"`
	Admin   bool   `json:"admin"`
	UserID  string `json:"user_id"`
	Status  string `json:"status"`
	Name    string `json:"name"`
	Surname string `json:"surname"`
}

// organizationMembersV0 is ubiops_organization_members' state in schema
// version 0, as stored.
type organizationMembersV0 struct {
	ID               string             `json:"id"`
	OrganizationName string             `json:"organization_name"`
	Member           []memberBlockV0    `json:"member"`
	Timeouts         map[string]*string `json:"timeouts"`
}

// UpgradeState turns the member blocks of schema version 0 into the members
// and users maps. It decodes the stored JSON directly rather than through a
// prior schema, so that upgrading 10,000 members stays as cheap as reading
// them.
func (r *OrganizationMembersResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: upgradeMemberBlocks}}
}

// upgradeMemberBlocks is the upgrade from schema version 0.
func upgradeMemberBlocks(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var prior organizationMembersV0
	if req.RawState == nil || json.Unmarshal(req.RawState.JSON, &prior) != nil {
		resp.Diagnostics.AddError("Cannot upgrade the state of ubiops_organization_members",
			"The stored state is not the member blocks of an earlier version of this provider. Remove the resource "+
				"from the state (terraform state rm) and import it again by its organization's name.")
		return
	}
	entries := make([]memberEntry, len(prior.Member))
	for i, m := range prior.Member {
		entries[i] = memberEntry{
			Email: m.Email, Admin: types.BoolValue(m.Admin), UserID: types.StringValue(m.UserID),
			Status: types.StringValue(m.Status), Name: types.StringValue(m.Name), Surname: types.StringValue(m.Surname),
		}
	}
	members, users := memberMaps(entries)
	timeoutsType, diags := resp.State.Schema.TypeAtPath(ctx, path.Root("timeouts"))
	resp.Diagnostics.Append(diags...)
	object, ok := timeoutsType.(attr.TypeWithAttributeTypes)
	if resp.Diagnostics.HasError() || !ok {
		return
	}
	state := organizationMembersModel{
		ID: types.StringValue(prior.ID), OrganizationName: types.StringValue(prior.OrganizationName),
		Members: members, Users: users, Timeouts: timeouts.Value{Object: types.ObjectNull(object.AttributeTypes())},
	}
	if prior.Timeouts != nil {
		values := map[string]attr.Value{}
		for name := range object.AttributeTypes() {
			values[name] = types.StringNull()
			if v := prior.Timeouts[name]; v != nil {
				values[name] = types.StringValue(*v)
			}
		}
		state.Timeouts.Object = types.ObjectValueMust(object.AttributeTypes(), values)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
