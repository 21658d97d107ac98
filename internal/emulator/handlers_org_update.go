package emulator

import "net/http"

// updateOrganization serves organizations_update, a partial update by an
// admin. Every field is validated before any is applied, so a rejected
// request changes nothing.
func (e *Emulator) updateOrganization(w http.ResponseWriter, r *http.Request, caller *user) {
	f, bodyErr := readFields(r)
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, err := e.store.orgAccess(caller, r.PathValue("organization_name"), true)
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
	sub, err := f.str("subscription")
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
