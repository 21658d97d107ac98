package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// User statuses as OrganizationUserDetail reports them.
const (
	statusActive  = "active"
	statusInvited = "invited"
)

// user is a person with a UbiOps account (or an invitation to one), or a
// service user.
type user struct {
	id         string
	email      string // as given on first creation
	name       string
	surname    string
	password   string // empty: cannot sign in with a password
	totpSecret string // base32; set: signing in needs a TOTP code
	// token is a service user's API token, or a person's pre-issued access
	// token that never expires; empty: none.
	token   string
	service bool // a service user: never a member, refused at organization level
	staff   bool // UbiOps staff may change subscriptions
	status  string
	// signInProvider is how the person signs in: providerUbiOps (email and
	// password) or a single-sign-on provider, such as "google"; "" for
	// invited users and service users, who do not sign in.
	signInProvider string
	// registered is when the account was made (GET /user's
	// registration_date); zero for invited users.
	registered time.Time
}

// member is a user's membership of one organization.
type member struct {
	user  *user
	admin bool
}

// userByEmail finds a user case-insensitively, as UbiOps compares emails.
func (s *store) userByEmail(email string) *user {
	return firstWhere(s.users, func(u *user) bool { return strings.EqualFold(u.email, email) })
}

// userByToken finds the user a token authenticates.
func (s *store) userByToken(token string) *user {
	if token == "" {
		return nil
	}
	return firstWhere(s.users, func(u *user) bool { return u.token == token })
}

// ensureUser returns the account for email, creating an invited one (with
// empty name and surname) when nobody has that email yet.
func (s *store) ensureUser(email string) *user {
	if u := s.userByEmail(email); u != nil {
		return u
	}
	u := &user{id: newUUID(), email: email, status: statusInvited}
	s.users = append(s.users, u)
	return u
}

// memberOf returns u's membership of o, or nil.
func (o *organization) memberOf(u *user) *member {
	return firstWhere(o.members, func(m *member) bool { return m.user == u })
}

// memberByID returns the membership of the user with that id, or nil.
func (o *organization) memberByID(userID string) *member {
	return firstWhere(o.members, func(m *member) bool { return m.user.id == userID })
}

// memberByEmail returns the membership of the user with that email
// (case-insensitive), or nil.
func (o *organization) memberByEmail(email string) *member {
	return firstWhere(o.members, func(m *member) bool { return strings.EqualFold(m.user.email, email) })
}

// adminCount counts the organization's admins, which the last-admin rule
// needs.
func (o *organization) adminCount() int {
	n := 0
	for _, m := range o.members {
		if m.admin {
			n++
		}
	}
	return n
}

// removeMember deletes a membership. Project roles are not modelled, so
// removing the membership is all there is to delete.
func (o *organization) removeMember(target *member) {
	for i, m := range o.members {
		if m == target {
			o.members = append(o.members[:i], o.members[i+1:]...)
			return
		}
	}
}

// validateEmail checks the rough shape of an email address: something, an @,
// and a domain with a dot. Stricter checks would reject real addresses.
func validateEmail(email string) error {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || strings.ContainsAny(email, " \t\r\n<>,;\"") || strings.Contains(domain, "@") ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return badRequest("email: enter a valid email address")
	}
	return nil
}

// addMember adds email to o, creating an invited account when the email has
// none.
func (s *store) addMember(o *organization, email string, admin bool) (*member, error) {
	if err := validateEmail(email); err != nil {
		return nil, err
	}
	if o.memberByEmail(email) != nil {
		return nil, badRequest(msgAlreadyMember)
	}
	u, err := s.memberToBe(email)
	if err != nil {
		return nil, err
	}
	m := &member{user: u, admin: admin}
	o.members = append(o.members, m)
	return m, nil
}

// memberToBe returns the person email names, invited if unknown, for a new
// membership; service users are never members. The store lock must be held.
func (s *store) memberToBe(email string) (*user, error) {
	if u := s.userByEmail(email); u != nil && u.service {
		return nil, badRequest(msgServiceMember)
	}
	return s.ensureUser(email), nil
}

// setAdmin changes a member's role, refusing to demote the last admin so that
// an organization is never left without one.
func (o *organization) setAdmin(m *member, admin bool) error {
	if m.admin && !admin && o.adminCount() == 1 {
		return badRequest(msgLastAdminDemot)
	}
	m.admin = admin
	return nil
}

// deleteMember removes a membership unless it is the last admin's.
func (o *organization) deleteMember(m *member) error {
	if m.admin && o.adminCount() == 1 {
		return badRequest(msgLastAdminDel)
	}
	o.removeMember(m)
	return nil
}

// organizationUserDetail is the OrganizationUserDetail model.
type organizationUserDetail struct {
	ID      string `json:"id"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Surname string `json:"surname"`
	Admin   bool   `json:"admin"`
	Status  string `json:"status"`
}

func (m *member) view() organizationUserDetail {
	return organizationUserDetail{ID: m.user.id, Email: m.user.email, Name: m.user.name,
		Surname: m.user.surname, Admin: m.admin, Status: m.user.status}
}

// All users endpoints require the caller to be an admin of the organization.

// listMembers serves organization_users_list.
func (e *Emulator) listMembers(w http.ResponseWriter, r *http.Request, caller *user) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, err := e.store.adminAccess(caller, r.PathValue("organization_name"))
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
	o, err := e.store.adminAccess(caller, r.PathValue("organization_name"))
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
	o, err := e.store.adminAccess(caller, r.PathValue("organization_name"))
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

// AddUser adds a person with an account. An invited user (created by adding
// an unknown email to an organization) becomes an active one with u's details.
func (e *Emulator) AddUser(u SeedUser) error {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	if existing := e.store.userByEmail(u.Email); existing != nil && existing.status == statusInvited {
		return e.store.activateInvited(existing, u, e.clock())
	}
	return e.store.addSeedUser(u, e.clock())
}

// AddMember adds the user with email (case-insensitive; invited if unknown)
// to org.
func (e *Emulator) AddMember(org, email string, admin bool) (MemberRecord, error) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o := e.store.org(org)
	if o == nil {
		return MemberRecord{}, notFound(msgOrgNotFound)
	}
	m, err := e.store.addMember(o, email, admin)
	if err != nil {
		return MemberRecord{}, err
	}
	return m.record(), nil
}

// SetMemberAdmin promotes or demotes a member; the last admin cannot be
// demoted.
func (e *Emulator) SetMemberAdmin(org, email string, admin bool) error {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, m, err := e.store.membership(org, email)
	if err != nil {
		return err
	}
	return o.setAdmin(m, admin)
}

// DeleteMember removes a member (email compared case-insensitively); the last
// admin cannot be removed.
func (e *Emulator) DeleteMember(org, email string) error {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o, m, err := e.store.membership(org, email)
	if err != nil {
		return err
	}
	return o.deleteMember(m)
}

// membership finds a member by organization name and email. The store lock
// must be held.
func (s *store) membership(org, email string) (*organization, *member, error) {
	o := s.org(org)
	if o == nil {
		return nil, nil, notFound(msgOrgNotFound)
	}
	m := o.memberByEmail(email)
	if m == nil {
		return nil, nil, notFound(fmt.Sprintf("%s is not a member of %s", email, org))
	}
	return o, m, nil
}

// activateInvited turns an invited user into an account holder, keeping the
// id that memberships already refer to and the email as first given.
func (s *store) activateInvited(existing *user, su SeedUser, now time.Time) error {
	u, err := s.userFromSeed(su, now)
	if err != nil {
		return err
	}
	if u.service {
		return fmt.Errorf("%s is invited to an organization and cannot become a service user", su.Email)
	}
	u.id, u.email = existing.id, existing.email // the email as first given
	*existing = *u
	return nil
}

// The methods below read or change members directly, as someone acting
// outside Terraform would through UbiOps' web interface. They apply the API's
// rules but make no HTTP request and are not counted in the stats.

// MemberRecord is a snapshot of a membership and its user.
type MemberRecord struct {
	// UserID is the user's UUID, the {user_id} of the users endpoints.
	UserID string
	// Email is the user's email, as stored (its case kept).
	Email string
	// Name is the user's first name; empty for an invited user.
	Name string
	// Surname is the user's last name; empty for an invited user.
	Surname string
	// Admin tells whether the member administers the organization.
	Admin bool
	// Status is "active", or "invited" for an email without an account.
	Status string
}

func (m *member) record() MemberRecord {
	return MemberRecord{UserID: m.user.id, Email: m.user.email, Name: m.user.name,
		Surname: m.user.surname, Admin: m.admin, Status: m.user.status}
}

// Members returns the organization's memberships in insertion order; nil when
// the organization does not exist.
func (e *Emulator) Members(org string) []MemberRecord {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	o := e.store.org(org)
	if o == nil {
		return nil
	}
	out := make([]MemberRecord, 0, len(o.members))
	for _, m := range o.members {
		out = append(out, m.record())
	}
	return out
}
