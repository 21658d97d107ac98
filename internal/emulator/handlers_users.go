package emulator

import "net/http"

// All users endpoints require the caller to be an admin of the organization.

// listMembers serves organization_users_list.
func (e *Emulator) listMembers(w http.ResponseWriter, r *http.Request, caller *user) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, err := e.store.orgAccess(caller, r.PathValue("organization_name"), true)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	out := make([]organizationUserDetail, 0, len(o.members))
	for _, m := range o.members {
		out = append(out, m.view())
	}
	writeJSON(w, http.StatusOK, out)
}

// createMember serves organization_users_create.
func (e *Emulator) createMember(w http.ResponseWriter, r *http.Request, caller *user) {
	f, bodyErr := readFields(r)
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, err := e.store.orgAccess(caller, r.PathValue("organization_name"), true)
	if err == nil {
		err = bodyErr
	}
	var email *string
	var admin *bool
	if err == nil {
		email, err = f.str("email")
	}
	if err == nil {
		admin, err = f.boolean("admin")
	}
	if err == nil && email == nil {
		err = badRequest("email: this field is required")
	}
	var m *member
	if err == nil {
		m, err = e.store.addMember(o, *email, admin != nil && *admin)
	}
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, m.view())
}

// memberAccess resolves the organization and the member named by the path,
// 404 when the user is not a member. The store lock must be held.
func (e *Emulator) memberAccess(r *http.Request, caller *user) (*organization, *member, error) {
	o, err := e.store.orgAccess(caller, r.PathValue("organization_name"), true)
	if err != nil {
		return nil, nil, err
	}
	m := o.memberByID(r.PathValue("user_id"))
	if m == nil {
		return nil, nil, notFound(msgUserNotFound)
	}
	return o, m, nil
}

// getMember serves organization_users_get.
func (e *Emulator) getMember(w http.ResponseWriter, r *http.Request, caller *user) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	_, m, err := e.memberAccess(r, caller)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, m.view())
}

// updateMember serves organization_users_update; admin is the only field.
func (e *Emulator) updateMember(w http.ResponseWriter, r *http.Request, caller *user) {
	f, bodyErr := readFields(r)
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, m, err := e.memberAccess(r, caller)
	if err == nil {
		err = bodyErr
	}
	var admin *bool
	if err == nil {
		admin, err = f.boolean("admin")
	}
	if err == nil && admin == nil {
		err = badRequest("admin: this field is required")
	}
	if err == nil {
		err = o.setAdmin(m, *admin)
	}
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, m.view())
}

// deleteMember serves organization_users_delete: 204 with an empty body.
func (e *Emulator) deleteMember(w http.ResponseWriter, r *http.Request, caller *user) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, m, err := e.memberAccess(r, caller)
	if err == nil {
		err = o.deleteMember(m)
	}
	if err != nil {
		writeAPIError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
