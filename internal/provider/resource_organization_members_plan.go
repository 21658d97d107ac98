package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// ValidateConfig refuses, before any request, a member list that cannot be
// right: the same address twice (UbiOps compares emails case-insensitively,
// so m@example.com and M@Example.com are one person) or no admin at all.
func (r *OrganizationMembersResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var members types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("members"), &members)...)
	if resp.Diagnostics.HasError() {
		return
	}
	entries, known := memberEntries(members, types.MapNull(memberUserType))
	admins := 0
	for _, e := range entries {
		if e.Admin.ValueBool() {
			admins++
		}
	}
	for _, spellings := range orgs.DuplicateEmails(emailsOf(entries)) {
		resp.Diagnostics.AddAttributeError(path.Root("members"), "Member listed twice",
			fmt.Sprintf("The members map lists %s, which are the same address: UbiOps compares emails "+
				"case-insensitively. List each member once.", orgs.QuoteAll(spellings)))
	}
	if known && !members.IsNull() && admins == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("members"), "No admin in the member list",
			"An organization must keep at least one admin, and the signed-in user must be one of them to manage "+
				"the members: give the signed-in user the role \"admin\" in members.")
	}
}

// ModifyPlan plans the users map (each listed member keeps what is known of
// them; new ones are known after apply) and lists, member by member, who
// will be added, changed and removed, telling apart the people added
// outside Terraform.
func (r *OrganizationMembersResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() && r.data != nil {
		var org types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("organization_name"), &org)...)
		model := organizationMembersModel{OrganizationName: org}
		if !onBoundHost(ctx, r.data, req.Private, nil, model.describe(), &resp.Diagnostics) {
			return
		}
	}
	if req.Plan.Raw.IsNull() {
		r.planDestroy(ctx, req, resp)
		return
	}
	var plan, state organizationMembersModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	entries, known := memberEntries(plan.Members, types.MapNull(memberUserType))
	had, _ := memberEntries(state.Members, state.Users)
	planned := plannedEntries(entries, had, creating)
	users := types.MapUnknown(memberUserType)
	if !plan.Members.IsUnknown() {
		_, users = memberMaps(planned)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("users"), users)...)

	org := plan.OrganizationName
	if !known || org.IsUnknown() || r.data == nil {
		return
	}
	if addRuleErrors(&resp.Diagnostics, r.data.orgs.ClaimAll(org.ValueString())); resp.Diagnostics.HasError() {
		return
	}
	wanted := wantedOf(entries)
	addRuleErrors(&resp.Diagnostics, orgs.SelfLockout(org.ValueString(), r.data.signedInUser, signedInChanges(r.data.signedInUser, planned), keepSignedIn)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !creating {
		applied, _ := privateEmails(ctx, req.Private, privateAppliedMembers, &resp.Diagnostics)
		addPlannedChanges(&resp.Diagnostics, org.ValueString(), orgs.Changes(wanted, usersOf(had)), applied)
		return
	}
	// Creating takes over a list that may hold people already.
	current, err := r.data.orgs.Members(ctx, org.ValueString())
	switch {
	case ubiops.IsNotFound(err): // created by this apply
	case err != nil:
		resp.Diagnostics.AddWarning("Cannot list the members of organization "+org.ValueString()+" yet",
			"The plan cannot say which of its current members this resource will change or remove: "+
				r.data.apiErrorDetail(err, adminPermission(org.ValueString())))
	default:
		changes := orgs.Changes(wanted, current)
		if touchesExisting(changes) {
			addPlannedChanges(&resp.Diagnostics, org.ValueString(), changes, map[string]bool{})
		}
	}
}

// plannedEntries is the planned member list: each configured member with
// their role and, when the state knows them, their user ID, status and
// names; otherwise those are known after apply. When creating, all of them
// are.
func plannedEntries(configured, had []memberEntry, creating bool) []memberEntry {
	known := make(map[string]memberEntry, len(had))
	for _, e := range had {
		known[orgs.EmailKey(e.Email)] = e
	}
	planned := make([]memberEntry, len(configured))
	for i, e := range configured {
		p := memberEntry{Email: e.Email, Admin: e.Admin}
		if prior, ok := known[orgs.EmailKey(e.Email)]; ok && !creating {
			p.UserID, p.Status, p.Name, p.Surname = prior.UserID, prior.Status, prior.Name, prior.Surname
		} else {
			p.UserID, p.Status, p.Name, p.Surname = types.StringUnknown(), types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
		}
		planned[i] = p
	}
	return planned
}

// touchesExisting tells whether changes affect people who are members now.
func touchesExisting(changes []orgs.Change) bool {
	for _, c := range changes {
		if c.Current != nil {
			return true
		}
	}
	return false
}

// addPlannedChanges lists the changes as plan warnings: one listing every
// change, and one more for the removal of people added outside Terraform
// (not among applied, the addresses of the configuration last applied), so
// that nobody is removed unnoticed.
func addPlannedChanges(diags *diag.Diagnostics, org string, changes []orgs.Change, applied map[string]bool) {
	if len(changes) == 0 {
		return
	}
	var lines, outsiders []string
	counts := map[orgs.ChangeKind]int{}
	for _, c := range changes {
		counts[c.Kind]++
		line := "  " + changeSymbol(c.Kind) + " " + c.Describe()
		if c.Kind == orgs.MemberRemove {
			if applied[orgs.EmailKey(c.Email)] {
				line += " (no longer in the configuration)"
			} else {
				line += " (added outside Terraform)"
				outsiders = append(outsiders, "  - "+describeMember(c.Current))
			}
		}
		lines = append(lines, line)
	}
	diags.AddWarning(fmt.Sprintf("Members of organization %s: %d to add, %d to change, %d to remove",
		org, counts[orgs.MemberAdd], counts[orgs.MemberPromote]+counts[orgs.MemberDemote], counts[orgs.MemberRemove]),
		"Applying this plan changes the members of organization "+org+":\n"+strings.Join(lines, "\n")+
			"\nRemoving a member also deletes all of their roles in the organization's projects.")
	if len(outsiders) > 0 {
		diags.AddWarning(fmt.Sprintf("%s of organization %s added outside Terraform will be removed", countOf(len(outsiders), "member"), org),
			"These people were added to organization "+org+" outside Terraform (in the UbiOps web app or by "+
				"another tool), and ubiops_organization_members removes everyone it does not list:\n"+
				strings.Join(outsiders, "\n")+"\nTo keep any of them, add them to members before applying.")
	}
}

// changeSymbol is the sign Terraform's own plan uses for such a change.
func changeSymbol(kind orgs.ChangeKind) string {
	switch kind {
	case orgs.MemberAdd:
		return "+"
	case orgs.MemberRemove:
		return "-"
	default:
		return "~"
	}
}

// describeMember names a member for a person: email, name, role, status.
func describeMember(u *ubiops.OrganizationUser) string {
	role := "member"
	if u.Admin {
		role = "admin"
	}
	name := strings.TrimSpace(u.Name + " " + u.Surname)
	if name != "" {
		return fmt.Sprintf("%s (%s, %s, %s)", u.Email, name, role, u.Status)
	}
	return fmt.Sprintf("%s (%s, %s)", u.Email, role, u.Status)
}

// planDestroy lists whom destroying the member list will remove, and says
// that the signed-in user stays.
func (r *OrganizationMembersResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || r.data == nil {
		return
	}
	var state organizationMembersModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	listed, _ := memberEntries(state.Members, state.Users)
	if resp.Diagnostics.HasError() {
		return
	}
	org := state.OrganizationName.ValueString()
	if r.data.signedInUser == nil {
		unknownSignedInUser(org, &resp.Diagnostics)
		return
	}
	removals, kept := destroyRemovals(listed, usersOf(listed), r.data.signedInUser)
	lines := make([]string, len(removals))
	for i, c := range removals {
		lines[i] = "  - " + c.Describe()
	}
	detail := fmt.Sprintf("Destroying this resource removes %s from organization %s", countOf(len(removals), "member"), org)
	if len(lines) > 0 {
		detail += ":\n" + strings.Join(lines, "\n")
	}
	detail += "\nRemoving a member also deletes all of their roles in the organization's projects."
	if kept != "" {
		detail += fmt.Sprintf("\n%s, the signed-in user, stays a member: Terraform never removes the admin it acts as.", kept)
	}
	detail += " To stop managing the members without removing anyone, use a `removed` block with `lifecycle { destroy = false }`."
	resp.Diagnostics.AddWarning(fmt.Sprintf("Destroying removes the members of organization %s", org), detail)
}

// countOf is "1 member", "2 members".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// keepSignedIn is what the self-lockout rule tells a person who means to
// leave an organization whose member list this resource manages.
const keepSignedIn = "leave it in the UbiOps web app once another admin is listed here: " +
	"ubiops_organization_members never removes or demotes the user it is signed in as"

// signedInChanges is what the planned list does to the signed-in user me,
// for the self-lockout rule: it must list them, as an admin.
func signedInChanges(me *ubiops.User, planned []memberEntry) []orgs.MemberChange {
	if me == nil {
		return nil
	}
	for _, e := range planned {
		change := orgs.MemberChange{Email: e.Email, UserID: e.UserID.ValueString()}
		if e.UserID.IsUnknown() {
			change.UserID = ""
		}
		if orgs.IsSignedInUser(me, change) {
			change.Demote = !e.Admin.ValueBool()
			return []orgs.MemberChange{change}
		}
	}
	return []orgs.MemberChange{{Email: me.Email, UserID: me.ID, Remove: true}}
}
