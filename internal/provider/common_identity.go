package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
)

// Resource identities (Terraform 1.12 and later) are made of values that
// never change while the object lives: UUIDs, never names or emails, which
// can be renamed or re-cased.

// organizationIdentityModel is ubiops_organization's identity.
type organizationIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// organizationUserIdentityTypes are ubiops_organization_user's identity
// attributes. The identity is set as an object value rather than a tagged
// struct: every refresh sets it, and the framework converts structs by
// reflection (see resource_organization_user_state.go).
var organizationUserIdentityTypes = map[string]attr.Type{
	"organization_id": types.StringType,
	"user_id":         types.StringType,
}

// organizationUserIdentity is a membership's identity.
func organizationUserIdentity(orgID string, userID types.String) types.Object {
	// The values match the types above, so this cannot fail.
	return types.ObjectValueMust(organizationUserIdentityTypes, map[string]attr.Value{
		"organization_id": types.StringValue(orgID),
		"user_id":         userID,
	})
}

func organizationIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       "The organization's UUID, the same as its `id` attribute.",
				RequiredForImport: true,
			},
		},
	}
}

// organizationMembersIdentityModel is ubiops_organization_members' identity:
// the resource stands for the member list of one organization.
type organizationMembersIdentityModel struct {
	OrganizationID types.String `tfsdk:"organization_id"`
}

func organizationMembersIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"organization_id": identityschema.StringAttribute{
				Description:       "The UUID of the organization whose member list this is, the same as the resource's `id` attribute.",
				RequiredForImport: true,
			},
		},
	}
}

func organizationUserIdentitySchema() identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"organization_id": identityschema.StringAttribute{
				Description:       "The UUID of the organization (the `id` of its `ubiops_organization`).",
				RequiredForImport: true,
			},
			"user_id": identityschema.StringAttribute{
				Description:       "The UUID of the member's UbiOps user, the same as the membership's `id` attribute.",
				RequiredForImport: true,
			},
		},
	}
}

// setIdentity stores a resource's identity. The identity is nil when
// Terraform predates resource identity or the resource is served without
// one; there is nothing to store then.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, value any, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	diags.Append(identity.Set(ctx, value)...)
}

// importIdentityUUIDs reads the named identity attributes of an import by
// identity and checks that each is a UUID, before any request is made. ok is
// false when req carries no identity (an import by string ID) or when a value
// is refused (with an error in diags).
func importIdentityUUIDs(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics, names ...string) (values []string, ok bool) {
	if identity == nil || identity.Raw.IsNull() {
		return nil, false
	}
	for _, name := range names {
		var v types.String
		if d := identity.GetAttribute(ctx, path.Root(name), &v); d.HasError() {
			diags.Append(d...)
			return nil, false
		}
		if !orgs.IsUUID(v.ValueString()) {
			diags.AddError("Invalid import identity",
				fmt.Sprintf("identity.%s: %q is not a UUID. It must be a UUID such as "+
					"332d7432-2742-4177-99a9-139e91e0110c.", name, v.ValueString()))
			return nil, false
		}
		values = append(values, v.ValueString())
	}
	return values, true
}
