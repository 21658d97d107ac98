package emulator

import "time"

// OrganizationRecord is a snapshot of a stored organization, including the
// write-only subscription dates the API never returns.
type OrganizationRecord struct {
	ID                            string
	Name                          string
	Subscription                  string
	SubscriptionStartDate         *string // YYYY-MM-DD, nil when unset
	SubscriptionEndDate           *string // YYYY-MM-DD, nil when unset
	TwoFactorAuthenticationForced bool
	OverageUsage                  bool
	Status                        string
	CreationDate                  time.Time
}

// MemberRecord is a snapshot of a membership and its user.
type MemberRecord struct {
	UserID  string
	Email   string
	Name    string
	Surname string
	Admin   bool
	Status  string
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

func (m *member) record() MemberRecord {
	return MemberRecord{UserID: m.user.id, Email: m.user.email, Name: m.user.name,
		Surname: m.user.surname, Admin: m.admin, Status: m.user.status}
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
