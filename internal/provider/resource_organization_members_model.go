package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// organizationMembersModel is ubiops_organization_members' state.
type organizationMembersModel struct {
	ID               types.String   `tfsdk:"id"`
	OrganizationName types.String   `tfsdk:"organization_name"`
	Members          types.List     `tfsdk:"member"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// memberEntry is one member block.
type memberEntry struct {
	Email   types.String `tfsdk:"email"`
	Admin   types.Bool   `tfsdk:"admin"`
	UserID  types.String `tfsdk:"user_id"`
	Status  types.String `tfsdk:"status"`
	Name    types.String `tfsdk:"name"`
	Surname types.String `tfsdk:"surname"`
}

// memberEntryType is the object type of a member block.
var memberEntryType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"email":   types.StringType,
	"admin":   types.BoolType,
	"user_id": types.StringType,
	"status":  types.StringType,
	"name":    types.StringType,
	"surname": types.StringType,
}}

// memberEntries reads the member blocks. known is false when the list, a
// block or a block's email or admin is not known yet (values only known
// after apply); the entries that could be read are returned anyway.
func memberEntries(ctx context.Context, list types.List, diags *diag.Diagnostics) (entries []memberEntry, known bool) {
	if list.IsUnknown() {
		return nil, false
	}
	known = true
	for _, element := range list.Elements() {
		obj, ok := element.(basetypes.ObjectValue)
		if !ok || obj.IsUnknown() || obj.IsNull() {
			known = false
			continue
		}
		var e memberEntry
		diags.Append(obj.As(ctx, &e, basetypes.ObjectAsOptions{})...)
		if e.Email.IsUnknown() || e.Admin.IsUnknown() {
			known = false
		}
		entries = append(entries, e)
	}
	return entries, known
}

// memberList builds the member blocks.
func memberList(ctx context.Context, entries []memberEntry, diags *diag.Diagnostics) types.List {
	list, d := types.ListValueFrom(ctx, memberEntryType, entries)
	diags.Append(d...)
	return list
}

// wanted is what the entry asks for; an omitted admin means a regular
// member.
func (e memberEntry) wanted() orgs.Wanted {
	return orgs.Wanted{Email: e.Email.ValueString(), Admin: e.Admin.ValueBool()}
}

// user is the member as the state knows it.
func (e memberEntry) user() ubiops.OrganizationUser {
	return ubiops.OrganizationUser{
		ID: e.UserID.ValueString(), Email: e.Email.ValueString(), Admin: e.Admin.ValueBool(),
		Name: e.Name.ValueString(), Surname: e.Surname.ValueString(), Status: e.Status.ValueString(),
	}
}

// entryFor is the block for a member, with the email spelled as given.
func entryFor(u ubiops.OrganizationUser, email string) memberEntry {
	return memberEntry{
		Email: types.StringValue(email), Admin: types.BoolValue(u.Admin), UserID: types.StringValue(u.ID),
		Status: types.StringValue(u.Status), Name: types.StringValue(u.Name), Surname: types.StringValue(u.Surname),
	}
}

// wantedOf lists what the entries ask for.
func wantedOf(entries []memberEntry) []orgs.Wanted {
	wanted := make([]orgs.Wanted, len(entries))
	for i, e := range entries {
		wanted[i] = e.wanted()
	}
	return wanted
}

// usersOf lists the members the entries record.
func usersOf(entries []memberEntry) []ubiops.OrganizationUser {
	users := make([]ubiops.OrganizationUser, len(entries))
	for i, e := range entries {
		users[i] = e.user()
	}
	return users
}

// entriesFor turns members into blocks in the order of the blocks order
// (the configuration's, or the state's), keeping their spelling of each
// email; members the order does not name come after, sorted by email. Keeping
// the order keeps the plan free of changes that are only a new order.
func entriesFor(users []ubiops.OrganizationUser, order []memberEntry) []memberEntry {
	byEmail := make(map[string]ubiops.OrganizationUser, len(users))
	for _, u := range users {
		byEmail[orgs.EmailKey(u.Email)] = u
	}
	entries := make([]memberEntry, 0, len(users))
	for _, e := range order {
		key := orgs.EmailKey(e.Email.ValueString())
		if u, ok := byEmail[key]; ok {
			entries = append(entries, entryFor(u, e.Email.ValueString()))
			delete(byEmail, key)
		}
	}
	rest := make([]memberEntry, 0, len(byEmail))
	for _, u := range byEmail {
		rest = append(rest, entryFor(u, u.Email))
	}
	slices.SortFunc(rest, func(a, b memberEntry) int {
		return strings.Compare(orgs.EmailKey(a.Email.ValueString()), orgs.EmailKey(b.Email.ValueString()))
	})
	return append(entries, rest...)
}
