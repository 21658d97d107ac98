package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

var (
	_ resource.Resource                   = &OrganizationMembersResource{}
	_ resource.ResourceWithConfigure      = &OrganizationMembersResource{}
	_ resource.ResourceWithImportState    = &OrganizationMembersResource{}
	_ resource.ResourceWithIdentity       = &OrganizationMembersResource{}
	_ resource.ResourceWithModifyPlan     = &OrganizationMembersResource{}
	_ resource.ResourceWithValidateConfig = &OrganizationMembersResource{}
	_ resource.ResourceWithUpgradeState   = &OrganizationMembersResource{}
)

// OrganizationMembersResource manages the complete member list of a UbiOps
// organization: whoever it does not list is removed.
type OrganizationMembersResource struct {
	data *providerData
}

// NewOrganizationMembersResource builds the ubiops_organization_members
// resource.
func NewOrganizationMembersResource() resource.Resource { return &OrganizationMembersResource{} }

// membersMove is what a refused move of the whole member list says.
var membersMove = organizationMove{
	belongs: "these memberships belong to",
	advice: "Terraform does not do that by changing organization_name. To manage the other organization's " +
		"members, declare another ubiops_organization_members resource for it.",
}

// Metadata names the resource.
func (r *OrganizationMembersResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_members"
}

// Schema describes ubiops_organization_members.
func (r *OrganizationMembersResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: organizationMembersSchemaVersion,
		Description: "The complete member list of a UbiOps organization (authoritative): members are added, their role " +
			"changed in place, and **everyone not listed is removed**, including people added in the UbiOps " +
			"web app. The plan lists, member by member, who is added, changed and removed. The signed-in user must be " +
			"an admin of the organization. Do not combine it with `ubiops_organization_user` for the same organization.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The organization's UUID: the resource follows the organization by it when the organization is renamed.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"organization_name": schema.StringAttribute{
				Description: "The name of the organization. Renaming the organization (in the same configuration or " +
					"outside Terraform) keeps every membership. Pointing it at a different organization (another UUID) " +
					"is refused when applied, with nothing changed.",
				Required:   true,
				Validators: []validator.String{organizationNameValidator()},
			},
			"members": schema.MapAttribute{
				Description: "Everyone in the organization, by email address, with their role: `\"admin\"` or " +
					"`\"member\"`. Emails are compared case-insensitively, so list each person once. The signed-in user " +
					"must be listed, as an admin. A user without a UbiOps account is invited.",
				Required:    true,
				ElementType: types.StringType,
				Validators: []validator.Map{
					mapvalidator.KeysAre(emailValidator()),
					mapvalidator.ValueStringsAre(stringvalidator.OneOf(roleAdmin, roleMember)),
				},
			},
			"users": schema.MapAttribute{
				Description: "What UbiOps records of each member, by the same email addresses as `members`: " +
					"`user_id` (the UUID of their UbiOps user), `status` (such as `active` or `invited`), `name` and " +
					"`surname` (empty for an invited user who has no account yet).",
				Computed:    true,
				ElementType: memberUserType,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// IdentitySchema describes ubiops_organization_members' identity: the
// organization's UUID.
func (r *OrganizationMembersResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = organizationMembersIdentitySchema()
}

// Configure receives the provider's client.
func (r *OrganizationMembersResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create takes the organization's member list over: it reads the list as it
// is now and adds, changes and removes members to match the configuration.
// When a change fails, nothing is recorded in the state: the next apply
// takes the list over again from what it finds, so nothing is lost or
// repeated (a state recorded after a failed creation would be tainted, and
// replacing it would remove everyone).
func (r *OrganizationMembersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan organizationMembersModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, &resp.Diagnostics, plan.Timeouts.Create, defaultCreateTimeout)
	if !ok {
		return
	}
	defer cancel()

	org := plan.OrganizationName.ValueString()
	orgID, err := r.data.orgs.OrganizationID(ctx, org)
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Cannot find organization "+org, err, adminPermission(org))
		return
	}
	bindHost(ctx, r.data, resp.Private, &resp.Diagnostics)
	current, err := r.data.orgs.ReadMembers(ctx, org)
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, cannotRead("members", org), err, adminPermission(org))
		return
	}
	entries, _ := memberEntries(plan.Members, plan.Users)
	members, diags := r.data.applyMemberChanges(ctx, org, current, orgs.Changes(wantedOf(entries), current))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(orgID)
	plan.Members, plan.Users = memberMaps(entriesFor(members, entries))
	setPrivateEmails(ctx, resp.Private, privateAppliedMembers, emailsOf(entries), &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

// Read records every member of the organization, listed or not, from the
// member list that all readers of the organization share during a refresh.
// An organization renamed outside Terraform is found by its UUID.
func (r *OrganizationMembersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state organizationMembersModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.data == nil {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, &resp.Diagnostics, state.Timeouts.Read, defaultReadTimeout)
	if !ok {
		return
	}
	defer cancel()

	org := state.OrganizationName.ValueString()
	if !onBoundHost(ctx, r.data, req.Private, resp.Private, state.describe(), &resp.Diagnostics) {
		return
	}
	current, users, gone, err := r.data.orgs.LocateMembers(ctx, org, state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError(cannotRead("members", org), r.data.lookupErrorDetail(err, adminPermission(org)))
		return
	}
	if gone {
		resp.State.RemoveResource(ctx)
		return
	}
	known, _ := memberEntries(state.Members, state.Users)
	if err := r.data.orgs.CheckSameUsers(current.Name, memberKeys(known), users); err != nil {
		resp.Diagnostics.AddError(cannotRead("members", current.Name), err.Error())
		return
	}
	removedOutside(missingFrom(users, known), current.Name, "The plan restores what the members map of this "+
		"ubiops_organization_members says. If they were removed on purpose, remove them from members too.", &resp.Diagnostics)
	entries := entriesFor(users, known)
	if _, ok := privateEmails(ctx, req.Private, privateAppliedMembers, &resp.Diagnostics); !ok {
		// Imported: the members found now are the ones Terraform took over.
		setPrivateEmails(ctx, resp.Private, privateAppliedMembers, emailsOf(entries), &resp.Diagnostics)
	}
	state.ID = types.StringValue(current.ID) // learnt here when imported by name
	state.OrganizationName = types.StringValue(current.Name)
	state.Members, state.Users = memberMaps(entries)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
}

// Update makes the changes the plan lists, computed from the refreshed
// state, and follows a renamed organization after checking that it is the
// same one. The state records what succeeded, so a failed change shows up
// again in the next plan.
func (r *OrganizationMembersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state organizationMembersModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, &resp.Diagnostics, plan.Timeouts.Update, defaultUpdateTimeout)
	if !ok {
		return
	}
	defer cancel()
	if !onBoundHost(ctx, r.data, req.Private, resp.Private, state.describe(), &resp.Diagnostics) {
		return
	}

	org := plan.OrganizationName.ValueString()
	plan.ID = state.ID
	if !plan.OrganizationName.Equal(state.OrganizationName) {
		found, ok := r.data.confirmSameOrganization(ctx, org, state.ID.ValueString(), membersMove, &resp.Diagnostics)
		if !ok {
			return
		}
		plan.ID = types.StringValue(found.ID)
	}
	wanted, _ := memberEntries(plan.Members, plan.Users)
	had, _ := memberEntries(state.Members, state.Users)
	if resp.Diagnostics.HasError() {
		return
	}
	current := usersOf(had)
	members, diags := r.data.applyMemberChanges(ctx, org, current, orgs.Changes(wantedOf(wanted), current))
	resp.Diagnostics.Append(diags...)

	applied := emailsOf(wanted)
	if diags.HasError() {
		// Whom a failed removal leaves in place was still last applied.
		previous, _ := privateEmails(ctx, req.Private, privateAppliedMembers, &resp.Diagnostics)
		for email := range previous {
			applied = append(applied, email)
		}
	}
	setPrivateEmails(ctx, resp.Private, privateAppliedMembers, applied, &resp.Diagnostics)
	plan.Members, plan.Users = memberMaps(entriesFor(members, wanted))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

// Delete removes every listed member except the signed-in user, who stays
// so that the organization keeps the admin Terraform acts as, and says so.
func (r *OrganizationMembersResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state organizationMembersModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, &resp.Diagnostics, state.Timeouts.Delete, defaultDeleteTimeout)
	if !ok {
		return
	}
	defer cancel()
	if !onBoundHost(ctx, r.data, req.Private, nil, state.describe(), &resp.Diagnostics) {
		return
	}

	// Read afresh: the organization may have been renamed, and members
	// removed, since the state was last refreshed (terraform destroy
	// -refresh=false).
	org := state.OrganizationName.ValueString()
	current, users, gone, err := r.data.orgs.LocateMembersAfresh(ctx, org, state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError(cannotRead("members", org), r.data.lookupErrorDetail(err, adminPermission(org)))
		return
	}
	if gone {
		return // the organization, and with it every membership, is out of reach
	}
	org = current.Name
	listed, _ := memberEntries(state.Members, state.Users)
	if r.data.signedInUser == nil {
		unknownSignedInUser(org, &resp.Diagnostics)
		return
	}
	removals, kept := destroyRemovals(listed, users, r.data.signedInUser)
	_, diags := r.data.applyMemberChanges(ctx, org, users, removals)
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Members of organization %s removed", org), destroySummary(org, len(removals), kept))
	}
}

// ImportState accepts the organization's name or its UUID, or its identity
// (the UUID); the refresh that follows records every member.
func (r *OrganizationMembersResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importOrganization(ctx, r.data, req, resp, "organization_id", "organization_name")
}

// identity is the member list's identity: its organization's UUID.
func (m *organizationMembersModel) identity() organizationMembersIdentityModel {
	return organizationMembersIdentityModel{OrganizationID: m.ID}
}

// describe names the member list in messages.
func (m *organizationMembersModel) describe() string {
	return "The member list of organization " + m.OrganizationName.ValueString()
}

// memberKeys is what the entries tell of each member's identity.
func memberKeys(entries []memberEntry) []orgs.MemberKey {
	keys := make([]orgs.MemberKey, 0, len(entries))
	for _, e := range entries {
		keys = append(keys, orgs.MemberKey{ID: e.UserID.ValueString(), Email: e.Email})
	}
	return keys
}

// missingFrom lists the emails of the entries that users lacks, looking
// each up in an index rather than the list, so that a list of 10,000
// costs 10,000 lookups, not 10,000 scans.
func missingFrom(users []ubiops.OrganizationUser, entries []memberEntry) []string {
	present := make(map[string]bool, len(users))
	for _, u := range users {
		present[orgs.EmailKey(u.Email)] = true
	}
	var missing []string
	for _, e := range entries {
		if !present[orgs.EmailKey(e.Email)] {
			missing = append(missing, e.Email)
		}
	}
	return missing
}

// emailsOf lists the entries' emails.
func emailsOf(entries []memberEntry) []string {
	emails := make([]string, 0, len(entries))
	for _, e := range entries {
		emails = append(emails, e.Email)
	}
	return emails
}
