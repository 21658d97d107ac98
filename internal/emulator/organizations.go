package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// organization is the stored organization. Dates are kept as the API's
// YYYY-MM-DD strings because they are write-only and never reformatted.
type organization struct {
	id                    string
	name                  string
	subscription          string
	subscriptionStartDate *string
	subscriptionEndDate   *string
	twoFactorForced       bool
	overageUsage          bool
	status                string
	created               time.Time
	members               []*member
	projects              []*project
}

// org finds an organization by its name.
func (s *store) org(name string) *organization {
	return firstWhere(s.orgs, func(o *organization) bool { return o.name == name })
}

// orgByID finds an organization by its UUID.
func (s *store) orgByID(id string) *organization {
	return firstWhere(s.orgs, func(o *organization) bool { return o.id == id })
}

// adminAccess finds the organization in the path and checks that the caller
// is one of its admins, as every organization endpoint but the list and
// create requires: 404 when it does not exist, 403 when the caller is not a
// member or not an admin. The store lock must be held.
func (s *store) adminAccess(caller *user, name string) (*organization, error) {
	o := s.org(name)
	if o == nil {
		return nil, notFound(msgOrgNotFound)
	}
	m := o.memberOf(caller)
	if m == nil || !m.admin {
		return nil, forbidden()
	}
	return o, nil
}

// orgNamePattern is UbiOps' rule for organization names: lowercase letters,
// digits and dashes, starting with a lowercase letter.
var orgNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// maxOrgNameLength is the documented maximum length of an organization name.
const maxOrgNameLength = 64

// subscriptions are the subscription names the emulator accepts. UbiOps does
// not publish its list; these are the names its documentation and examples use.
var subscriptions = []string{"free", "starter", "professional", "premium", "enterprise"}

// defaultSubscription is assigned when a create request names none.
const defaultSubscription = "free"

// dateLayout is the YYYY-MM-DD format of subscription dates.
const dateLayout = "2006-01-02"

// validateOrgName checks the name rules except uniqueness, which needs the
// store.
func validateOrgName(name string) error {
	switch {
	case name == "":
		return badRequest("name: this field may not be blank")
	case len(name) > maxOrgNameLength:
		return badRequest(fmt.Sprintf("name: ensure this field has no more than %d characters", maxOrgNameLength))
	case !orgNamePattern.MatchString(name):
		return badRequest("name: may only contain lowercase letters, numbers and dashes, and must start with a lowercase letter")
	}
	return nil
}

// validateSubscription rejects subscription names the emulator does not know.
func validateSubscription(name string) error {
	for _, s := range subscriptions {
		if s == name {
			return nil
		}
	}
	return badRequest(fmt.Sprintf("subscription: unknown subscription %q (known: %s)", name, strings.Join(subscriptions, ", ")))
}

// validateDate checks a YYYY-MM-DD date for the named field.
func validateDate(field, value string) error {
	if _, err := time.Parse(dateLayout, value); err != nil {
		return badRequest(fmt.Sprintf("%s: date has wrong format, use YYYY-MM-DD", field))
	}
	return nil
}

// validateFreeEndDate enforces that a free subscription has no end date,
// because free subscriptions are always valid for a year.
func validateFreeEndDate(subscription string, endDate *string) error {
	if subscription == defaultSubscription && endDate != nil {
		return badRequest("subscription_end_date: a 'free' subscription cannot have a custom end date")
	}
	return nil
}

// orgSpec is a validated request to create an organization.
type orgSpec struct {
	name                  string
	subscription          string
	subscriptionEndDate   *string
	subscriptionStartDate *string
	twoFactorForced       bool
}

// checkNameFree enforces global uniqueness of organization names; except is
// the organization being renamed, which may keep its own name.
func (s *store) checkNameFree(name string, except *organization) error {
	if o := s.org(name); o != nil && o != except {
		return badRequest(msgOrgNameExists)
	}
	return nil
}

// createOrg stores a new organization whose creator becomes its first admin;
// a nil owner leaves it without members, for seeds that list them.
func (s *store) createOrg(owner *user, spec orgSpec, now time.Time) (*organization, error) {
	if err := validateOrgName(spec.name); err != nil {
		return nil, err
	}
	if err := s.checkNameFree(spec.name, nil); err != nil {
		return nil, err
	}
	if spec.subscription == "" {
		spec.subscription = defaultSubscription
	}
	if err := validateSubscription(spec.subscription); err != nil {
		return nil, err
	}
	if err := validateFreeEndDate(spec.subscription, spec.subscriptionEndDate); err != nil {
		return nil, err
	}
	o := &organization{
		id:                    newUUID(),
		name:                  spec.name,
		subscription:          spec.subscription,
		subscriptionEndDate:   spec.subscriptionEndDate,
		subscriptionStartDate: spec.subscriptionStartDate,
		twoFactorForced:       spec.twoFactorForced,
		status:                statusActive,
		created:               now.UTC().Truncate(time.Microsecond),
	}
	if owner != nil {
		o.members = []*member{{user: owner, admin: true}}
	}
	s.orgs = append(s.orgs, o)
	return o, nil
}

// renameOrg changes an organization's name, which is also its path key.
func (s *store) renameOrg(o *organization, name string) error {
	if err := validateOrgName(name); err != nil {
		return err
	}
	if err := s.checkNameFree(name, o); err != nil {
		return err
	}
	o.name = name
	return nil
}

// creationDateLayout is RFC 3339 with microseconds, as UbiOps writes
// creation dates (e.g. 2020-03-25T15:43:46.101877Z).
const creationDateLayout = "2006-01-02T15:04:05.000000Z07:00"

// organizationList is the OrganizationList model: what list and create
// return.
type organizationList struct {
	ID                            string `json:"id"`
	Name                          string `json:"name"`
	CreationDate                  string `json:"creation_date"`
	Status                        string `json:"status"`
	TwoFactorAuthenticationForced bool   `json:"two_factor_authentication_forced"`
}

// organizationDetail is the OrganizationDetail model. The subscription
// dates are write-only and deliberately absent.
type organizationDetail struct {
	organizationList
	Subscription string `json:"subscription"`
	OverageUsage bool   `json:"overage_usage"`
}

func (o *organization) listView() organizationList {
	return organizationList{
		ID:                            o.id,
		Name:                          o.name,
		CreationDate:                  o.created.UTC().Format(creationDateLayout),
		Status:                        o.status,
		TwoFactorAuthenticationForced: o.twoFactorForced,
	}
}

func (o *organization) detailView() organizationDetail {
	return organizationDetail{organizationList: o.listView(), Subscription: o.subscription, OverageUsage: o.overageUsage}
}

// listOrganizations serves organizations_list: only the caller's
// organizations, unpaginated.
func (e *Emulator) listOrganizations(w http.ResponseWriter, _ *http.Request, caller *user) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	out := []organizationList{}
	for _, o := range e.store.orgs {
		if o.memberOf(caller) != nil {
			out = append(out, o.listView())
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// createOrganization serves organizations_create. The answer is the
// OrganizationList model, without the subscription, as UbiOps returns it.
func (e *Emulator) createOrganization(w http.ResponseWriter, r *http.Request, caller *user) {
	f, err := readFields(r)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	spec, err := createSpec(f)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, err := e.store.createOrg(caller, spec, e.clock())
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, o.listView())
}

// createSpec reads an OrganizationCreate body.
func createSpec(f fields) (orgSpec, error) {
	var spec orgSpec
	name, err := f.str("name")
	if err != nil {
		return spec, err
	}
	if name == nil {
		return spec, badRequest("name: this field is required")
	}
	spec.name = *name
	sub, err := f.nonBlank("subscription")
	if err != nil {
		return spec, err
	}
	if sub != nil {
		spec.subscription = *sub
	}
	// A voucher only grants credits, which the emulator does not model; a
	// blank one is refused as the API refuses it.
	if _, err := f.nonBlank("voucher"); err != nil {
		return spec, err
	}
	if spec.subscriptionEndDate, err = dateField(f, "subscription_end_date"); err != nil {
		return spec, err
	}
	twoFA, err := f.boolean("two_factor_authentication_forced")
	if err != nil {
		return spec, err
	}
	spec.twoFactorForced = twoFA != nil && *twoFA
	return spec, nil
}

// dateField reads an optional YYYY-MM-DD field; nil means absent or null.
func dateField(f fields, key string) (*string, error) {
	d, err := f.str(key)
	if err != nil || d == nil {
		return nil, err
	}
	if err := validateDate(key, *d); err != nil {
		return nil, err
	}
	return d, nil
}

// getOrganization serves organizations_get.
func (e *Emulator) getOrganization(w http.ResponseWriter, r *http.Request, caller *user) {
	e.serveAdminRead(w, r, caller, func(o *organization) (any, error) { return o.detailView(), nil })
}

// serveAdminRead answers a read of an organization's details, resource usage
// or credit usage, which only its admins may make (a plain member gets 403):
// under the store's lock it checks the caller's access, then writes what
// view returns, or the error.
func (e *Emulator) serveAdminRead(w http.ResponseWriter, r *http.Request, caller *user, view func(*organization) (any, error)) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, err := e.store.adminAccess(caller, r.PathValue("organization_name"))
	if err != nil {
		writeAPIError(w, err)
		return
	}
	body, err := view(o)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// updateOrganization serves organizations_update, a partial update by an
// admin. Every field is validated before any is applied, so a rejected
// request changes nothing.
func (e *Emulator) updateOrganization(w http.ResponseWriter, r *http.Request, caller *user) {
	f, bodyErr := readFields(r)
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, err := e.store.adminAccess(caller, r.PathValue("organization_name"))
	if err == nil {
		err = bodyErr
	}
	if err == nil {
		err = e.store.applyUpdate(o, caller, f)
	}
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, o.detailView())
}

// applyUpdate validates an OrganizationUpdate body against o and applies it.
func (s *store) applyUpdate(o *organization, caller *user, f fields) error {
	next := *o
	if err := updateName(s, &next, f); err != nil {
		return err
	}
	if err := updateSubscription(&next, caller, f); err != nil {
		return err
	}
	if err := updateDates(&next, f); err != nil {
		return err
	}
	if err := validateFreeEndDate(next.subscription, next.subscriptionEndDate); err != nil {
		return err
	}
	twoFA, err := f.boolean("two_factor_authentication_forced")
	if err != nil {
		return err
	}
	if twoFA != nil {
		next.twoFactorForced = *twoFA
	}
	*o = next
	return nil
}

// updateName renames: the name is the path key, so it must stay valid and
// unique.
func updateName(s *store, next *organization, f fields) error {
	name, err := f.str("name")
	if err != nil {
		return err
	}
	if f.isNull("name") {
		return badRequest("name: this field may not be null")
	}
	if name == nil {
		return nil
	}
	if err := validateOrgName(*name); err != nil {
		return err
	}
	if existing := s.org(*name); existing != nil && existing.id != next.id {
		return badRequest(msgOrgNameExists)
	}
	next.name = *name
	return nil
}

// updateSubscription changes the subscription, which only UbiOps staff may
// do; sending the current value is not a change and is allowed.
func updateSubscription(next *organization, caller *user, f fields) error {
	sub, err := f.nonBlank("subscription")
	if err != nil {
		return err
	}
	if f.isNull("subscription") {
		return badRequest("subscription: this field may not be null")
	}
	if sub == nil || *sub == next.subscription {
		return nil
	}
	if !caller.staff {
		return forbidden()
	}
	if err := validateSubscription(*sub); err != nil {
		return err
	}
	next.subscription = *sub
	return nil
}

// updateDates sets or, on an explicit null, removes the subscription dates.
func updateDates(next *organization, f fields) error {
	for _, d := range []struct {
		key string
		dst **string
	}{
		{"subscription_end_date", &next.subscriptionEndDate},
		{"subscription_start_date", &next.subscriptionStartDate},
	} {
		v, err := dateField(f, d.key)
		if err != nil {
			return err
		}
		if v != nil || f.isNull(d.key) {
			*d.dst = v
		}
	}
	return nil
}

// The methods below read or change organizations directly, as someone acting
// outside Terraform would. They apply the API's rules but make no HTTP
// request and are not counted in the stats.

// OrganizationRecord is a snapshot of a stored organization, including the
// write-only subscription dates the API never returns.
type OrganizationRecord struct {
	// ID is the organization's UUID.
	ID string
	// Name is its current name, the key of its paths.
	Name string
	// Subscription is the subscription's name, such as "free".
	Subscription string
	// SubscriptionStartDate is YYYY-MM-DD, nil when unset.
	SubscriptionStartDate *string
	// SubscriptionEndDate is YYYY-MM-DD, nil when unset.
	SubscriptionEndDate *string
	// TwoFactorAuthenticationForced tells whether members must use
	// two-factor authentication.
	TwoFactorAuthenticationForced bool
	// OverageUsage tells whether the organization may use more credits than
	// its subscription includes.
	OverageUsage bool
	// Status is the organization's state, such as "active".
	Status string
	// CreationDate is when the organization was made, by the emulator's
	// clock unless the seed gave it.
	CreationDate time.Time
}

func (o *organization) record() OrganizationRecord {
	return OrganizationRecord{
		ID:                            o.id,
		Name:                          o.name,
		Subscription:                  o.subscription,
		SubscriptionStartDate:         cloneString(o.subscriptionStartDate),
		SubscriptionEndDate:           cloneString(o.subscriptionEndDate),
		TwoFactorAuthenticationForced: o.twoFactorForced,
		OverageUsage:                  o.overageUsage,
		Status:                        o.status,
		CreationDate:                  o.created,
	}
}

// cloneString copies a pointer's target so snapshots cannot alias the store.
func cloneString(s *string) *string {
	if s == nil {
		return nil
	}
	v := *s
	return &v
}

// Organization returns a snapshot of the organization with that name.
func (e *Emulator) Organization(name string) (OrganizationRecord, bool) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	if o := e.store.org(name); o != nil {
		return o.record(), true
	}
	return OrganizationRecord{}, false
}

// OrganizationByID returns a snapshot of the organization with that UUID,
// which survives renames.
func (e *Emulator) OrganizationByID(id string) (OrganizationRecord, bool) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	if o := e.store.orgByID(id); o != nil {
		return o.record(), true
	}
	return OrganizationRecord{}, false
}

// CreateOrganization creates an organization on the free subscription whose
// admin is the user with ownerEmail (invited if unknown).
func (e *Emulator) CreateOrganization(name, ownerEmail string) (OrganizationRecord, error) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	if err := validateEmail(ownerEmail); err != nil {
		return OrganizationRecord{}, err
	}
	var o *organization
	owner, err := e.store.memberToBe(ownerEmail)
	if err == nil {
		o, err = e.store.createOrg(owner, orgSpec{name: name}, e.clock())
	}
	if err != nil {
		return OrganizationRecord{}, err
	}
	return o.record(), nil
}

// RenameOrganization renames an organization, under the API's name rules.
func (e *Emulator) RenameOrganization(oldName, newName string) error {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o := e.store.org(oldName)
	if o == nil {
		return notFound(msgOrgNotFound)
	}
	return e.store.renameOrg(o, newName)
}
