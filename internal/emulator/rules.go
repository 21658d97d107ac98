package emulator

import "time"

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

// addMember adds email to o, creating an invited account when the email has
// none.
func (s *store) addMember(o *organization, email string, admin bool) (*member, error) {
	if err := validateEmail(email); err != nil {
		return nil, err
	}
	if o.memberByEmail(email) != nil {
		return nil, badRequest(msgAlreadyMember)
	}
	m := &member{user: s.ensureUser(email), admin: admin}
	o.members = append(o.members, m)
	return m, nil
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
