package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

var (
	_ resource.Resource                = &OrganizationUserResource{}
	_ resource.ResourceWithConfigure   = &OrganizationUserResource{}
	_ resource.ResourceWithImportState = &OrganizationUserResource{}
	_ resource.ResourceWithModifyPlan  = &OrganizationUserResource{}
	_ resource.ResourceWithIdentity    = &OrganizationUserResource{}
)

// OrganizationUserResource manages one member of a UbiOps organization.
type OrganizationUserResource struct {
	data *providerData
}

// NewOrganizationUserResource builds the ubiops_organization_user resource.
func NewOrganizationUserResource() resource.Resource { return &OrganizationUserResource{} }

// organizationUserModel is ubiops_organization_user's state. Its attribute
// names are those of the earlier UbiOps provider.
type organizationUserModel struct {
	ID               types.String   `tfsdk:"id"`
	OrganizationName types.String   `tfsdk:"organization_name"`
	Email            types.String   `tfsdk:"email"`
	Admin            types.Bool     `tfsdk:"admin"`
	Name             types.String   `tfsdk:"name"`
	Surname          types.String   `tfsdk:"surname"`
	Status           types.String   `tfsdk:"status"`
	AllowSelfRemoval types.Bool     `tfsdk:"allow_self_removal"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// Metadata names the resource.
func (r *OrganizationUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_user"
}

// Schema describes ubiops_organization_user.
func (r *OrganizationUserResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "A member of a UbiOps organization. The signed-in user must be an admin of the organization. " +
			"Destroying a membership removes the user from the organization and, with it, all of the user's " +
			"roles in the organization's projects.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The UUID of the member's UbiOps user, the same in every organization. It can replace the email in the import ID.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"organization_name": schema.StringAttribute{
				Description: "The name of the organization. Renaming the organization (in the same configuration " +
					"or outside Terraform) keeps the membership. Pointing it at a different organization (another UUID) is " +
					"refused when applied, since moving a member removes their roles in the old organization's projects: " +
					"use `terraform apply -replace` for that.",
				Required:   true,
				Validators: []validator.String{organizationNameValidator()},
			},
			"email": schema.StringAttribute{
				Description: "The user's email address (at most 254 characters), compared case-insensitively. A user without a UbiOps " +
					"account is invited. Changing the address (beyond its case) replaces the membership.",
				Required:   true,
				Validators: []validator.String{emailValidator()},
			},
			"admin": schema.BoolAttribute{
				Description: "Whether the user is an admin of the organization. Defaults to `false`. Changes in " +
					"place. An organization must keep at least one admin.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"name": schema.StringAttribute{
				Description:   "The user's first name, empty for an invited user who has no account yet.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"surname": schema.StringAttribute{
				Description:   "The user's surname, empty for an invited user who has no account yet.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"status": schema.StringAttribute{
				Description:   "The membership's status, such as `active` or `invited`.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"allow_self_removal": schema.BoolAttribute{
				Description: "Whether this membership may be removed, replaced or made a regular member when it is " +
					"the membership of the user the provider is signed in as. Defaults to `false`: such a plan fails, " +
					"because only admins can manage an organization's members, so every later plan would fail with " +
					"403. A destroy reads this value from the state: set it to `true` and apply before removing the " +
					"resource. Changing it alone sends nothing to UbiOps.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

// IdentitySchema describes ubiops_organization_user's identity: the
// organization's UUID and the user's UUID.
func (r *OrganizationUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = organizationUserIdentitySchema()
}

// Configure receives the provider's client.
func (r *OrganizationUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan decides what needs a new membership: another email (beyond its
// case) does. A new organization_name does not: it is most often the same
// organization renamed (in this configuration or outside Terraform), and
// recreating its memberships would delete the members' project roles.
// Update checks the organization's UUID and refuses to move a member to a
// different organization; the plan cannot know, as the organization may be
// created or renamed by this same apply, and a plan that changed its mind
// during apply would be rejected by Terraform.
//
// It also refuses a plan that would lock the signed-in user out of the
// organization (see orgs.SelfLockout), unless allow_self_removal says it is
// deliberate.
func (r *OrganizationUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() {
		r.claimMembership(ctx, req, resp)
	}
	if req.State.Raw.IsNull() {
		return
	}
	var plan, state organizationUserModel
	getMembership(ctx, req.State, &state, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data != nil && !onBoundHost(ctx, r.data, req.Private, nil, state.describe(), &resp.Diagnostics) {
		return
	}
	change := orgs.MemberChange{Email: state.Email.ValueString(), UserID: state.ID.ValueString()}
	allowed := state.AllowSelfRemoval
	if req.Plan.Raw.IsNull() {
		change.Remove = true
	} else {
		getMembership(ctx, req.Plan, &plan, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		if !plan.Email.IsUnknown() && !orgs.SameEmail(plan.Email.ValueString(), state.Email.ValueString()) {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("email"))
			change.Remove = true
		}
		change.Demote = state.Admin.ValueBool() && !plan.Admin.IsUnknown() && !plan.Admin.ValueBool()
		allowed = plan.AllowSelfRemoval
	}
	if r.data != nil && !allowed.ValueBool() {
		addRuleErrors(&resp.Diagnostics, orgs.SelfLockout(state.OrganizationName.ValueString(), r.data.signedInUser, []orgs.MemberChange{change},
			"set allow_self_removal = true on this ubiops_organization_user (and apply that first when the "+
				"membership is to be removed: a removed resource's configuration is not read)")...)
	}
}

// privateClaimed is the private-state key under which the planning of an
// existing membership notes the address it claimed. Terraform plans a
// replacement twice, the second time with no prior state and the first
// planning's private state: that second planning must not claim the same
// address again, or it would look like another resource's claim.
const privateClaimed = "claimed_membership"

// claimMembership records that this configuration manages the planned
// membership by itself; it fails when ubiops_organization_members manages
// the same organization's whole member list, or another
// ubiops_organization_user the same address (see orgs.Service.ClaimOne).
func (r *OrganizationUserResource) claimMembership(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var org, email types.String
	diags := &resp.Diagnostics
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("organization_name"), &org)...)
	diags.Append(req.Plan.GetAttribute(ctx, path.Root("email"), &email)...)
	var claimed []byte
	if !org.IsUnknown() && !email.IsUnknown() {
		claimed, _ = json.Marshal(org.ValueString() + "/" + orgs.EmailKey(email.ValueString()))
	}
	if req.State.Raw.IsNull() {
		previous, d := req.Private.GetKey(ctx, privateClaimed)
		diags.Append(d...)
		diags.Append(resp.Private.SetKey(ctx, privateClaimed, nil)...)
		if claimed != nil && bytes.Equal(previous, claimed) {
			return // the second planning of a replacement
		}
	} else {
		diags.Append(resp.Private.SetKey(ctx, privateClaimed, claimed)...)
	}
	if r.data != nil && claimed != nil && !diags.HasError() {
		addRuleErrors(diags, r.data.orgs.ClaimOne(org.ValueString(), email.ValueString()))
	}
}

// Create adds the member. A lost answer is recovered by looking the email up
// (see createOrAdopt), so a member is never added twice. The organization's
// UUID, part of the membership's identity, is learnt first (one read per
// organization and run), so that failing to learn it adds nobody.
func (r *OrganizationUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan organizationUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, &resp.Diagnostics, plan.Timeouts.Create, defaultCreateTimeout)
	if !ok {
		return
	}
	defer cancel()

	org, email, admin := plan.OrganizationName.ValueString(), plan.Email.ValueString(), plan.Admin.ValueBool()
	orgID, ok := r.learnOrganizationUUID(ctx, org, fmt.Sprintf("Cannot add %s to organization %s", email, org), resp.Private, &resp.Diagnostics)
	if !ok {
		return
	}
	bindHost(ctx, r.data, resp.Private, &resp.Diagnostics)
	var user *ubiops.OrganizationUser
	var taken bool
	err := r.data.orgs.OrderedMemberWrite(ctx, org, orgs.MemberWriteKind(false, admin, false, false), func() (err error) {
		user, taken, err = r.data.orgs.AddMemberOrTakeOver(ctx, org, ubiops.OrganizationUserCreate{Email: email, Admin: admin})
		return err
	})
	if createUnconfirmed(err) {
		// No identity until the next refresh finds the member (see
		// withIdentityRules in internal/plugin/server_identity.go).
		plan.ID, plan.Name, plan.Surname, plan.Status = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
		markUnconfirmed(ctx, resp.Private, &resp.Diagnostics, "the membership of "+email+" in organization "+org, "its email", err)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot add %s to organization %s", email, org), err, adminPermission(org))
		return
	}
	if taken {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Took over the membership of %s in organization %s", email, org),
			fmt.Sprintf("%s was already a member of organization %s, with the admin flag this configuration gives "+
				"them: an earlier apply may have been interrupted after UbiOps added them, or someone added them outside "+
				"Terraform. Terraform now manages the membership: destroying this resource now removes %s from "+
				"organization %s, and with it their roles in the organization's projects. To leave the membership "+
				"alone instead, replace the resource with a `removed` block with `lifecycle { destroy = false }`.",
				email, org, email, org))
	}
	if user, err = r.data.orgs.SetMemberAdmin(ctx, org, user, admin); err != nil {
		r.data.addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot set admin of %s in organization %s", email, org), err, adminPermission(org))
		return
	}
	plan.fill(user)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(orgID), &resp.Diagnostics)
}

// Read refreshes the membership from the organization's member list, which
// all memberships of one organization share during a refresh. A membership
// whose organization was renamed outside Terraform is found through the
// organization's UUID. It leaves the state only when UbiOps showed it is
// gone (see locateMember).
func (r *OrganizationUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state organizationUserModel
	getMembership(ctx, req.State, &state, &resp.Diagnostics)
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
	orgID := privateOrgID(ctx, req.Private, &resp.Diagnostics)
	org, user, err := r.data.orgs.LocateMember(ctx, org, orgID, state.memberKey())
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the members of organization "+org, r.data.lookupErrorDetail(err, adminPermission(org)))
		return
	}
	pending := unconfirmed(ctx, req.Private, &resp.Diagnostics)
	if user == nil {
		if !pending {
			removedOutside([]string{state.Email.ValueString()}, org, "While the configuration declares this "+
				"ubiops_organization_user, the plan adds them again. If they were removed on purpose, remove the resource "+
				"from the configuration too.", &resp.Diagnostics)
		}
		resp.State.RemoveResource(ctx)
		return
	}
	if pending {
		confirmCreated(ctx, resp.Private, &resp.Diagnostics)
	}
	if orgID == "" {
		// Imported by string ID, or state written before the UUID was
		// remembered: the identity needs it, and an admin, who just listed
		// the members, can read it.
		if orgID, ok = r.learnOrganizationUUID(ctx, org, learnUUIDFailed(org), resp.Private, &resp.Diagnostics); !ok {
			return
		}
	}
	state.OrganizationName = types.StringValue(org)
	state.fill(user)
	if state.AllowSelfRemoval.IsNull() {
		// Imported, or written before the attribute existed.
		state.AllowSelfRemoval = types.BoolValue(false)
	}
	setMembership(ctx, &resp.State, state, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, state.identity(orgID), &resp.Diagnostics)
}

// learnOrganizationUUID reads the UUID of organization org, from one read
// per organization and run that all its memberships share, and remembers it
// in the membership's private state. A failed read is reported under
// summary.
func (r *OrganizationUserResource) learnOrganizationUUID(ctx context.Context, org, summary string, private privateSetter, diags *diag.Diagnostics) (string, bool) {
	id, err := r.data.orgs.OrganizationID(ctx, org)
	if err != nil {
		r.data.addAPIError(diags, summary, err, adminPermission(org))
		return "", false
	}
	setPrivateOrgID(ctx, private, id, diags)
	return id, true
}

func learnUUIDFailed(org string) string {
	return "Cannot read organization " + org + " to learn its UUID"
}

// Update changes the admin flag, and follows a renamed organization after
// checking it is the same one.
func (r *OrganizationUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state organizationUserModel
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
	orgID := privateOrgID(ctx, req.Private, &resp.Diagnostics)
	if !plan.OrganizationName.Equal(state.OrganizationName) {
		if orgID, ok = r.followRename(ctx, org, orgID, resp); !ok {
			return
		}
	}
	if orgID == "" {
		// State written before the UUID was remembered, applied with
		// -refresh=false.
		if orgID, ok = r.learnOrganizationUUID(ctx, org, learnUUIDFailed(org), resp.Private, &resp.Diagnostics); !ok {
			return
		}
	}
	plan.ID, plan.Name, plan.Surname, plan.Status = state.ID, state.Name, state.Surname, state.Status
	if !plan.Admin.Equal(state.Admin) {
		admin := plan.Admin.ValueBool()
		var user *ubiops.OrganizationUser
		kind := orgs.MemberWriteKind(state.Admin.ValueBool(), admin, false, state.isSignedInUser(r.data))
		err := r.data.orgs.OrderedMemberWrite(ctx, org, kind, func() (err error) {
			user, err = r.data.orgs.UpdateMember(ctx, org, state.ID.ValueString(), ubiops.OrganizationUserUpdate{Admin: admin})
			return err
		})
		if err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("Cannot change admin of %s in organization %s", state.Email.ValueString(), org),
				r.adminChangeDetail(err, org))
			return
		}
		plan.fill(user)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(orgID), &resp.Diagnostics)
}

// followRename accepts a new organization name for the membership only when
// it names the organization the membership belongs to, whose UUID is knownID
// when remembered. It returns the organization's UUID.
func (r *OrganizationUserResource) followRename(ctx context.Context, org, knownID string, resp *resource.UpdateResponse) (string, bool) {
	found, ok := r.data.confirmSameOrganization(ctx, org, knownID, organizationMove{
		belongs: "this membership belongs to",
		advice:  "Terraform does that only when asked: run `terraform apply -replace=<address of this membership>`.",
	}, &resp.Diagnostics)
	if !ok {
		return "", false
	}
	setPrivateOrgID(ctx, resp.Private, found.ID, &resp.Diagnostics)
	return found.ID, true
}

// Delete removes the member; one shown to be gone already counts as removed.
func (r *OrganizationUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state organizationUserModel
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

	org := state.OrganizationName.ValueString()
	failed := func(org, detail string) {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot remove %s from organization %s", state.Email.ValueString(), org), detail)
	}
	kind := orgs.MemberWriteKind(state.Admin.ValueBool(), false, true, state.isSignedInUser(r.data))
	remove := func(org, userID string) error {
		return r.data.orgs.OrderedMemberWrite(ctx, org, kind, func() error { return r.data.orgs.RemoveMember(ctx, org, userID) })
	}
	if !state.ID.IsNull() {
		err := remove(org, state.ID.ValueString())
		if err != nil && !ubiops.IsNotFound(err) {
			failed(org, r.adminChangeDetail(err, org))
		}
		if !ubiops.IsNotFound(err) {
			return
		}
	}
	// Not found under the name in state, or never confirmed created: gone,
	// or still there under the organization's new name when it was renamed
	// since the state was last refreshed (terraform destroy -refresh=false).
	org, user, err := r.data.orgs.LocateMember(ctx, org, privateOrgID(ctx, req.Private, &resp.Diagnostics), state.memberKey())
	switch {
	case err != nil:
		failed(org, r.data.lookupErrorDetail(err, adminPermission(org)))
	case user != nil:
		if err = remove(org, user.ID); err != nil {
			failed(org, r.adminChangeDetail(err, org))
		}
	}
}

// adminChangeDetail explains a failed demotion or removal; the last admin
// rule is the one people meet.
func (r *OrganizationUserResource) adminChangeDetail(err error, org string) string {
	detail := r.data.apiErrorDetail(err, "an admin of organization "+org)
	if ubiops.IsBadRequest(err) {
		detail += "\n\nAn organization must keep at least one admin, so its last admin can be neither removed " +
			"nor made a regular member. Make another member an admin first (in the same configuration, " +
			"set admin = true on another ubiops_organization_user and apply), then try again. To stop managing " +
			"this membership without removing it, use a `removed` block with `lifecycle { destroy = false }`."
	}
	return detail
}

// ImportState accepts "organization/email" and "organization/user_id", or
// the membership's identity.
func (r *OrganizationUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if ids, ok := importIdentityUUIDs(ctx, req.Identity, &resp.Diagnostics, "organization_id", "user_id"); ok {
		r.importByIdentity(ctx, ids[0], ids[1], resp)
		return
	} else if resp.Diagnostics.HasError() {
		return
	}
	id, err := parseMembershipImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_name"), id.Organization)...)
	if id.UserID != "" {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id.UserID)...)
	} else {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("email"), id.Email)...)
	}
}

// importByIdentity finds the organization's current name from its UUID, in
// the organization list that all imports of a plan share; the read that
// follows finds the member by the user's UUID.
func (r *OrganizationUserResource) importByIdentity(ctx context.Context, orgID, userID string, resp *resource.ImportStateResponse) {
	if notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	bounded, cancel := withLookupTimeout(ctx)
	defer cancel()
	org, err := r.data.orgs.OrganizationByID(bounded, orgID)
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Cannot import the member of organization "+orgID, err,
			"an admin of the organization")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("organization_name"), org.Name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strings.ToLower(userID))...)
	setPrivateOrgID(ctx, resp.Private, org.ID, &resp.Diagnostics)
}

// identity is the membership's identity, given its organization's UUID.
func (m *organizationUserModel) identity(orgID string) types.Object {
	return organizationUserIdentity(orgID, m.ID)
}

// describe names the membership in messages.
func (m *organizationUserModel) describe() string {
	who := m.Email.ValueString()
	if who == "" {
		who = "the user with id " + m.ID.ValueString()
	}
	return fmt.Sprintf("The membership of %s in organization %s", who, m.OrganizationName.ValueString())
}

// memberKey is what the state knows of the member: the user id (unknown
// when imported by email or not confirmed created) and the email.
func (m *organizationUserModel) memberKey() orgs.MemberKey {
	return orgs.MemberKey{ID: m.ID.ValueString(), Email: m.Email.ValueString()}
}

// isSignedInUser tells whether this is the membership of the user the
// provider is signed in as.
func (m *organizationUserModel) isSignedInUser(data *providerData) bool {
	return data.signedInUser != nil && orgs.IsSignedInUser(data.signedInUser, orgs.MemberChange{Email: m.Email.ValueString(), UserID: m.ID.ValueString()})
}

// fill copies what the API returned. The email keeps the configured case
// when it is the same address.
func (m *organizationUserModel) fill(user *ubiops.OrganizationUser) {
	m.ID = types.StringValue(user.ID)
	if m.Email.IsNull() || m.Email.IsUnknown() || !orgs.SameEmail(m.Email.ValueString(), user.Email) {
		m.Email = types.StringValue(user.Email)
	}
	m.Admin = types.BoolValue(user.Admin)
	m.Name = types.StringValue(user.Name)
	m.Surname = types.StringValue(user.Surname)
	m.Status = types.StringValue(user.Status)
}
