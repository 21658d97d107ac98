package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

var (
	_ resource.Resource                   = &OrganizationResource{}
	_ resource.ResourceWithConfigure      = &OrganizationResource{}
	_ resource.ResourceWithImportState    = &OrganizationResource{}
	_ resource.ResourceWithIdentity       = &OrganizationResource{}
	_ resource.ResourceWithValidateConfig = &OrganizationResource{}
)

// OrganizationResource manages a UbiOps organization. The API cannot delete
// organizations, so destroying one only stops managing it.
type OrganizationResource struct {
	data *providerData
}

// NewOrganizationResource builds the ubiops_organization resource.
func NewOrganizationResource() resource.Resource { return &OrganizationResource{} }

// organizationModel is ubiops_organization's state. Its attribute names are
// those of the earlier UbiOps provider, so its state reads as it is.
type organizationModel struct {
	ID                            types.String   `tfsdk:"id"`
	Name                          types.String   `tfsdk:"name"`
	Subscription                  types.String   `tfsdk:"subscription"`
	SubscriptionEndDate           types.String   `tfsdk:"subscription_end_date"`
	SubscriptionStartDate         types.String   `tfsdk:"subscription_start_date"`
	TwoFactorAuthenticationForced types.Bool     `tfsdk:"two_factor_authentication_forced"`
	Status                        types.String   `tfsdk:"status"`
	CreationDate                  types.String   `tfsdk:"creation_date"`
	Timeouts                      timeouts.Value `tfsdk:"timeouts"`
}

// Metadata names the resource.
func (r *OrganizationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

// Schema describes ubiops_organization.
func (r *OrganizationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "A UbiOps organization: the top-level account that holds projects, members and a subscription. " +
			"The UbiOps API cannot delete organizations: destroying this resource only removes it from the Terraform " +
			"state, with a warning.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The organization's UUID, its identity: it stays the same when the organization is renamed.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"name": schema.StringAttribute{
				Description: "The organization's name, unique across all of UbiOps. It is " + organizationNameRule +
					". Changing it renames the organization in place.",
				Required:   true,
				Validators: []validator.String{organizationNameValidator()},
			},
			"subscription": schema.StringAttribute{
				Description: "The name of the organization's subscription, such as `free`, without surrounding spaces. Set on creation " +
					"(UbiOps assigns `free` when omitted); afterwards only UbiOps staff may change it.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: keep,
				Validators:    []validator.String{subscriptionValidator()},
			},
			"subscription_end_date": schema.StringAttribute{
				Description: "The date (YYYY-MM-DD) on which the subscription ends, after `subscription_start_date` when " +
					"both are set. A `free` subscription cannot have one, so it requires `subscription` (UbiOps assigns " +
					"`free` when it is omitted). The API never returns this date, so Terraform keeps the configured value and cannot " +
					"detect changes made elsewhere. Removing it from the configuration removes the end date.",
				Optional:   true,
				Validators: []validator.String{dateValidator(false)},
			},
			"subscription_start_date": schema.StringAttribute{
				Description: "The date (YYYY-MM-DD) on which the subscription starts. Write-only in the API like " +
					"`subscription_end_date`: Terraform keeps the configured value. Removing it from the " +
					"configuration stops managing it and leaves the start date as it is.",
				Optional:   true,
				Validators: []validator.String{dateValidator(false)},
			},
			"two_factor_authentication_forced": schema.BoolAttribute{
				Description:   "Whether every member must use two-factor authentication. UbiOps' value is kept when omitted.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				Description:   "The organization's status, such as `active`.",
				Computed:      true,
				PlanModifiers: keep,
			},
			"creation_date": schema.StringAttribute{
				Description:   "When the organization was created (RFC 3339).",
				Computed:      true,
				PlanModifiers: keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeoutsBlock(ctx, timeouts.Opts{Create: true, Read: true, Update: true}),
		},
	}
}

// ValidateConfig checks the rules that tie attributes together: UbiOps'
// free subscription, which is also what an omitted subscription becomes,
// always runs for a year and takes no end date; a subscription starts
// before it ends. Values known only after apply are checked then by UbiOps.
func (r *OrganizationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg organizationModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !isKnown(cfg.SubscriptionEndDate) {
		return
	}
	endDate := path.Root("subscription_end_date")
	switch {
	case cfg.Subscription.IsNull():
		resp.Diagnostics.AddAttributeError(endDate, "End date without a subscription",
			"subscription_end_date: without subscription, UbiOps gives the organization the `free` subscription, "+
				"which cannot have an end date (it is always valid for a year). Set subscription to the "+
				"subscription that ends on this date, or remove subscription_end_date.")
	case cfg.Subscription.ValueString() == "free":
		resp.Diagnostics.AddAttributeError(endDate, "End date on a free subscription",
			"subscription_end_date: a `free` subscription cannot have an end date (it is always valid for a year). "+
				"Remove subscription_end_date, or choose another subscription.")
	}
	if !isKnown(cfg.SubscriptionStartDate) {
		return
	}
	start, startErr := parseDate(cfg.SubscriptionStartDate.ValueString(), false)
	end, endErr := parseDate(cfg.SubscriptionEndDate.ValueString(), false)
	if startErr == nil && endErr == nil && !start.Before(end) {
		resp.Diagnostics.AddAttributeError(endDate, "Subscription ends before it starts",
			fmt.Sprintf("subscription_end_date %q is not after subscription_start_date %q: a subscription must "+
				"start before it ends. Correct whichever date is wrong.",
				cfg.SubscriptionEndDate.ValueString(), cfg.SubscriptionStartDate.ValueString()))
	}
}

// IdentitySchema describes ubiops_organization's identity: its UUID.
func (r *OrganizationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = organizationIdentitySchema()
}

// Configure receives the provider's client.
func (r *OrganizationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create creates the organization and reads it back: the creation answer
// lacks the subscription. An organization of that name that the signed-in
// user administers and that is as configured is taken over (see
// orgs.Service.CreateOrganizationOrTakeOver).
func (r *OrganizationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan organizationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || notConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, &resp.Diagnostics, plan.Timeouts.Create, defaultCreateTimeout)
	if !ok {
		return
	}
	defer cancel()

	name := plan.Name.ValueString()
	bindHost(ctx, r.data, resp.Private, &resp.Diagnostics)
	body := ubiops.OrganizationCreate{
		Name:                          name,
		Subscription:                  plan.Subscription.ValueString(),
		SubscriptionEndDate:           plan.SubscriptionEndDate.ValueStringPointer(),
		TwoFactorAuthenticationForced: plan.TwoFactorAuthenticationForced.ValueBoolPointer(),
	}
	_, taken, err := r.data.orgs.CreateOrganizationOrTakeOver(ctx, body)
	if err != nil {
		if createUnconfirmed(err) {
			plan.fillFromState(organizationModel{}) // what UbiOps would have answered stays null
			markUnconfirmed(ctx, resp.Private, &resp.Diagnostics, "organization "+name, "its name", err)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			return
		}
		resp.Diagnostics.AddError("Cannot create organization "+name, r.createErrorDetail(ctx, name, err))
		return
	}
	if taken {
		resp.Diagnostics.AddWarning("Took over organization "+name,
			"Organization "+name+" already existed, with the signed-in user among its admins and the settings this "+
				"configuration gives it: an earlier apply may have been interrupted after UbiOps created it, or it was "+
				"created outside Terraform. Terraform now manages it: changes to this resource change it in UbiOps. "+
				"(Destroying the resource only forgets it: the UbiOps API cannot delete organizations.)")
	}
	if !plan.SubscriptionStartDate.IsNull() {
		// The creation body has no start date; only an update sets it.
		update := ubiops.OrganizationUpdate{SubscriptionStartDate: ubiops.Value(plan.SubscriptionStartDate.ValueString())}
		if _, err := r.data.orgs.UpdateOrganization(ctx, name, "", update); err != nil {
			r.data.addAPIError(&resp.Diagnostics, "Organization "+name+" created, but its subscription start date was not set",
				err, "an admin of organization "+name)
		}
	}
	org, err := r.data.orgs.ReadOrganization(ctx, name)
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Organization "+name+" created, but it cannot be read back", err,
			"a member of organization "+name)
		return
	}
	plan.fill(org)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

// createErrorDetail explains a failed creation. A taken name is the common
// case: say whether the organization is the caller's to import.
func (r *OrganizationResource) createErrorDetail(ctx context.Context, name string, err error) string {
	detail := r.data.apiErrorDetail(err, "")
	if !ubiops.IsBadRequest(err) {
		return detail
	}
	_, getErr := r.data.client.GetOrganization(ctx, name)
	switch {
	case getErr == nil:
		return detail + fmt.Sprintf("\n\nOrganization %q already exists and you are a member of it. To manage it "+
			"with Terraform, import it instead of creating it: add an import block with id = %q, or run "+
			"`terraform import <address> %s`.", name, name, name)
	case ubiops.IsForbidden(getErr):
		return detail + fmt.Sprintf("\n\nOrganization %q already exists and belongs to someone else: "+
			"organization names are unique across all of UbiOps. Choose another name.", name)
	}
	return detail
}

// Read refreshes the state. An organization renamed outside Terraform is
// found again by its id, so the plan shows the rename instead of a new
// organization. It leaves the state only when UbiOps showed it is gone
// (see locateOrganization).
func (r *OrganizationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state organizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.data == nil {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, &resp.Diagnostics, state.Timeouts.Read, defaultReadTimeout)
	if !ok {
		return
	}
	defer cancel()

	// Shared with the memberships' reads, which need the organization too.
	name := state.Name.ValueString()
	if !onBoundHost(ctx, r.data, req.Private, resp.Private, "Organization "+name, &resp.Diagnostics) {
		return
	}
	pending := unconfirmed(ctx, req.Private, &resp.Diagnostics)
	org, gone, err := r.data.orgs.LocateOrganization(ctx, name, state.ID.ValueString())
	if gone && pending {
		resp.State.RemoveResource(ctx) // never created: planned for creation again
		return
	}
	if gone {
		resp.Diagnostics.AddWarning("Organization "+name+" no longer exists",
			"UbiOps no longer lists the organization among the signed-in user's organizations (it was deleted, "+
				"or the user is no longer a member of it), so it was removed from the Terraform state. The next plan "+
				"will create it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read organization "+name, r.data.lookupErrorDetail(err, adminPermission(name)))
		return
	}
	if pending {
		// Found: created after all, but its start date, which only an
		// update after the creation sets, is not; the plan sets it.
		state.SubscriptionStartDate = types.StringNull()
		confirmCreated(ctx, resp.Private, &resp.Diagnostics)
	}
	state.fill(org)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
}

// Update changes what differs, addressing the organization by the name in
// state: a rename changes the path key.
func (r *OrganizationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state organizationModel
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
	if !onBoundHost(ctx, r.data, req.Private, resp.Private, "Organization "+state.Name.ValueString(), &resp.Diagnostics) {
		return
	}

	update, changed := organizationChanges(plan, state)
	if !changed {
		plan.fillFromState(state)
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
		return
	}
	current := state.Name.ValueString()
	org, err := r.data.orgs.UpdateOrganization(ctx, current, state.ID.ValueString(), update)
	if err != nil {
		r.data.addAPIError(&resp.Diagnostics, "Cannot update organization "+current, err,
			"an admin of organization "+current+" (and UbiOps staff, to change the subscription)")
		return
	}
	plan.fill(org)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

// organizationChanges builds the partial update from what differs between
// plan and state.
func organizationChanges(plan, state organizationModel) (ubiops.OrganizationUpdate, bool) {
	var u ubiops.OrganizationUpdate
	changed := false
	if !plan.Name.Equal(state.Name) {
		u.Name, changed = plan.Name.ValueStringPointer(), true
	}
	if !plan.Subscription.IsUnknown() && !plan.Subscription.IsNull() && !plan.Subscription.Equal(state.Subscription) {
		u.Subscription, changed = plan.Subscription.ValueStringPointer(), true
	}
	if !plan.SubscriptionEndDate.Equal(state.SubscriptionEndDate) {
		changed = true
		if plan.SubscriptionEndDate.IsNull() {
			u.SubscriptionEndDate = ubiops.Null[string]()
		} else {
			u.SubscriptionEndDate = ubiops.Value(plan.SubscriptionEndDate.ValueString())
		}
	}
	// A start date removed from the configuration is no longer managed; it
	// is not cleared, as that would change the subscription period.
	if !plan.SubscriptionStartDate.IsNull() && !plan.SubscriptionStartDate.Equal(state.SubscriptionStartDate) {
		u.SubscriptionStartDate, changed = ubiops.Value(plan.SubscriptionStartDate.ValueString()), true
	}
	if !plan.TwoFactorAuthenticationForced.IsUnknown() && !plan.TwoFactorAuthenticationForced.IsNull() &&
		!plan.TwoFactorAuthenticationForced.Equal(state.TwoFactorAuthenticationForced) {
		u.TwoFactorAuthenticationForced, changed = plan.TwoFactorAuthenticationForced.ValueBoolPointer(), true
	}
	return u, changed
}

// Delete cannot delete: the API has no such operation. It says so and lets
// Terraform forget the organization.
func (r *OrganizationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state organizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(organizationNotDeletedWarning(state.Name.ValueString()))
}

func organizationNotDeletedWarning(name string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Organization "+name+" was not deleted",
		"The UbiOps API cannot delete organizations, so organization "+name+" still exists in UbiOps with its "+
			"projects and members; it has only been removed from the Terraform state. To delete it, contact "+
			"UbiOps support. To stop managing an organization without this warning, replace its resource block "+
			"with a `removed` block (Terraform 1.7 or later) with `lifecycle { destroy = false }`.")
}

// ImportState accepts the organization's name or its UUID, or its identity
// (the UUID).
func (r *OrganizationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importOrganization(ctx, r.data, req, resp, "id", "name")
}

// fill copies what the API returned. Write-only dates stay as planned.
func (m *organizationModel) fill(org *ubiops.Organization) {
	m.ID = types.StringValue(org.ID)
	m.Name = types.StringValue(org.Name)
	if org.Subscription != "" {
		m.Subscription = types.StringValue(org.Subscription)
	} else if m.Subscription.IsUnknown() {
		m.Subscription = types.StringNull()
	}
	m.TwoFactorAuthenticationForced = types.BoolValue(org.TwoFactorAuthenticationForced)
	m.Status = types.StringValue(org.Status)
	m.CreationDate = types.StringValue(org.CreationDate)
}

// identity is the organization's identity: its UUID.
func (m *organizationModel) identity() organizationIdentityModel {
	return organizationIdentityModel{ID: m.ID}
}

// fillFromState completes a plan whose computed values were unknown.
func (m *organizationModel) fillFromState(state organizationModel) {
	m.ID, m.Status, m.CreationDate = state.ID, state.Status, state.CreationDate
	if m.Subscription.IsUnknown() {
		m.Subscription = state.Subscription
	}
	if m.TwoFactorAuthenticationForced.IsUnknown() {
		m.TwoFactorAuthenticationForced = state.TwoFactorAuthenticationForced
	}
}
