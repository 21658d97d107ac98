package emulator

import (
	"net/http"
)

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
	sub, err := f.str("subscription")
	if err != nil {
		return spec, err
	}
	if sub != nil {
		spec.subscription = *sub
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
	e.serveMemberRead(w, r, caller, func(o *organization) (any, error) { return o.detailView(), nil })
}

// serveMemberRead answers a read of an organization that any of its members
// may make: under the store's lock it checks the caller's access, then
// writes what view returns, or the error.
func (e *Emulator) serveMemberRead(w http.ResponseWriter, r *http.Request, caller *user, view func(*organization) (any, error)) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, err := e.store.orgAccess(caller, r.PathValue("organization_name"), false)
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
