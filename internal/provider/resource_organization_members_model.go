package provider

import (
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// organizationMembersModel is ubiops_organization_members' state. The
// members are two maps of plain values keyed by email, not nested blocks or
// nested attributes: the framework walks nested objects one by one, copying
// the whole collection for each, which made a plan of 10,000 members
// quadratic (DESIGN.md: "Upstream: the framework's quadratic walk").
type organizationMembersModel struct {
	ID               types.String   `tfsdk:"id"`
	OrganizationName types.String   `tfsdk:"organization_name"`
	Members          types.Map      `tfsdk:"members"`
	Users            types.Map      `tfsdk:"users"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// The roles a member can have, as the members map spells them.
const (
	roleAdmin  = "admin"
	roleMember = "member"
)

// memberEntry is one member: the email as the members map spells it, the
// role, and what UbiOps says of their user (unknown until they are added).
type memberEntry struct {
	Email   string
	Admin   types.Bool
	UserID  types.String
	Status  types.String
	Name    types.String
	Surname types.String
}

// memberUserAttrTypes are the attributes of one value of the users map.
var memberUserAttrTypes = map[string]attr.Type{
	"user_id": types.StringType,
	"status":  types.StringType,
	"name":    types.StringType,
	"surname": types.StringType,
}

// memberUserType is the element type of the users map.
var memberUserType = types.ObjectType{AttrTypes: memberUserAttrTypes}

// memberEntries reads the members map and, where it has them, the users
// map's details, sorted by email key. known is false when the members map,
// or a role in it, is not known yet (values only known after apply); the
// entries that could be read are returned anyway.
func memberEntries(members, users types.Map) (entries []memberEntry, known bool) {
	if members.IsUnknown() {
		return nil, false
	}
	details := users.Elements()
	known = true
	entries = make([]memberEntry, 0, len(members.Elements()))
	for email, value := range members.Elements() {
		e := memberEntry{Email: email, Admin: types.BoolUnknown()}
		if role, ok := value.(types.String); ok && !role.IsUnknown() && !role.IsNull() {
			e.Admin = types.BoolValue(role.ValueString() == roleAdmin)
		} else {
			known = false
		}
		e.UserID, e.Status, e.Name, e.Surname = userDetails(details[email])
		entries = append(entries, e)
	}
	sortEntries(entries)
	return entries, known
}

// userDetails reads one value of the users map; all four are unknown when
// the value is missing or not known yet.
func userDetails(value attr.Value) (userID, status, name, surname types.String) {
	obj, ok := value.(types.Object)
	if !ok || obj.IsUnknown() || obj.IsNull() {
		unknown := types.StringUnknown()
		return unknown, unknown, unknown, unknown
	}
	attrs := obj.Attributes()
	str := func(name string) types.String {
		s, _ := attrs[name].(types.String)
		return s
	}
	return str("user_id"), str("status"), str("name"), str("surname")
}

// memberMaps builds the members and users maps.
func memberMaps(entries []memberEntry) (members, users types.Map) {
	roles := make(map[string]attr.Value, len(entries))
	details := make(map[string]attr.Value, len(entries))
	for _, e := range entries {
		switch {
		case e.Admin.IsUnknown():
			roles[e.Email] = types.StringUnknown()
		case e.Admin.ValueBool():
			roles[e.Email] = types.StringValue(roleAdmin)
		default:
			roles[e.Email] = types.StringValue(roleMember)
		}
		if e.UserID.IsUnknown() {
			details[e.Email] = types.ObjectUnknown(memberUserAttrTypes)
			continue
		}
		details[e.Email] = types.ObjectValueMust(memberUserAttrTypes, map[string]attr.Value{
			"user_id": e.UserID, "status": e.Status, "name": e.Name, "surname": e.Surname,
		})
	}
	return types.MapValueMust(types.StringType, roles), types.MapValueMust(memberUserType, details)
}

// sortEntries orders entries by email key, so that messages list members
// the same way every time.
func sortEntries(entries []memberEntry) {
	slices.SortFunc(entries, func(a, b memberEntry) int {
		return strings.Compare(orgs.EmailKey(a.Email), orgs.EmailKey(b.Email))
	})
}

// wanted is what the entry asks for.
func (e memberEntry) wanted() orgs.Wanted {
	return orgs.Wanted{Email: e.Email, Admin: e.Admin.ValueBool()}
}

// user is the member as the state knows it.
func (e memberEntry) user() ubiops.OrganizationUser {
	return ubiops.OrganizationUser{
		ID: e.UserID.ValueString(), Email: e.Email, Admin: e.Admin.ValueBool(),
		Name: e.Name.ValueString(), Surname: e.Surname.ValueString(), Status: e.Status.ValueString(),
	}
}

// entryFor is the entry for a member, with the email spelled as given.
func entryFor(u ubiops.OrganizationUser, email string) memberEntry {
	return memberEntry{
		Email: email, Admin: types.BoolValue(u.Admin), UserID: types.StringValue(u.ID),
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

// entriesFor turns members into entries, keeping the spelling of each
// email that known (the configuration's, or the state's) uses, so that a
// member whose address UbiOps spells in another case plans no change;
// members known does not name keep UbiOps' spelling.
func entriesFor(users []ubiops.OrganizationUser, known []memberEntry) []memberEntry {
	spelling := make(map[string]string, len(known))
	for _, e := range known {
		spelling[orgs.EmailKey(e.Email)] = e.Email
	}
	entries := make([]memberEntry, 0, len(users))
	for _, u := range users {
		email, ok := spelling[orgs.EmailKey(u.Email)]
		if !ok {
			email = u.Email
		}
		entries = append(entries, entryFor(u, email))
	}
	sortEntries(entries)
	return entries
}
