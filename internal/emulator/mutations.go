package emulator

import "fmt"

// The methods below change the store directly, as someone acting outside
// Terraform would through UbiOps' web interface. They apply the API's rules
// but make no HTTP request and are not counted in the stats.

// AddUser adds a person with an account. An invited user (created by adding
// an unknown email to an organization) becomes an active one with u's details.
func (e *Emulator) AddUser(u SeedUser) error {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	if existing := e.store.userByEmail(u.Email); existing != nil && existing.status == statusInvited {
		return e.store.activateInvited(existing, u)
	}
	return e.store.addSeedUser(u)
}

// CreateOrganization creates an organization on the free subscription whose
// admin is the user with ownerEmail (invited if unknown).
func (e *Emulator) CreateOrganization(name, ownerEmail string) (OrganizationRecord, error) {
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	if err := validateEmail(ownerEmail); err != nil {
		return OrganizationRecord{}, err
	}
	o, err := e.store.createOrg(e.store.ensureUser(ownerEmail), orgSpec{name: name}, e.clock())
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
// id that memberships already refer to.
func (s *store) activateInvited(existing *user, u SeedUser) error {
	token := normalizeToken(u.Token)
	if token != "" && s.userByToken(token) != nil {
		return fmt.Errorf("duplicate token for user %q", u.Email)
	}
	existing.name, existing.surname, existing.token, existing.staff = u.Name, u.Surname, token, u.Staff
	existing.status = statusActive
	return nil
}
