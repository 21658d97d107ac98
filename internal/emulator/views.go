package emulator

import "time"

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

// organizationUserDetail is the OrganizationUserDetail model.
type organizationUserDetail struct {
	ID      string `json:"id"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Surname string `json:"surname"`
	Admin   bool   `json:"admin"`
	Status  string `json:"status"`
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

func (m *member) view() organizationUserDetail {
	return organizationUserDetail{ID: m.user.id, Email: m.user.email, Name: m.user.name,
		Surname: m.user.surname, Admin: m.admin, Status: m.user.status}
}

// utc formats a usage boundary as UbiOps does (2019-08-01T00:00:00Z).
func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }
