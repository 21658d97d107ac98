package emulator

import (
	"strings"
	"sync"
	"time"
)

// User statuses as OrganizationUserDetail reports them.
const (
	statusActive  = "active"
	statusInvited = "invited"
)

// user is a person with a UbiOps account (or an invitation to one).
type user struct {
	id      string
	email   string // as given on first creation
	name    string
	surname string
	token   string // empty: the user cannot authenticate
	staff   bool   // UbiOps staff may change subscriptions
	status  string
}

// member is a user's membership of one organization.
type member struct {
	user  *user
	admin bool
}

// project carries what the organization-level endpoints aggregate: resource
// counts and credit usage. Projects only come from the seed.
type project struct {
	id      string
	name    string
	deleted bool
	counts  resourceCounts
	usage   []usagePeriod
}

// resourceCounts are a project's contribution to ResourceUsage.
type resourceCounts struct {
	deployments, deploymentVersions, pipelines, pipelineVersions, buckets, environments int
}

// usagePeriod is a span during which a project consumed credits at a fixed
// hourly rate.
type usagePeriod struct {
	creditsPerHour float64
	start, end     time.Time
}

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

// store holds all state; one mutex guards it because requests are short and
// correctness under concurrency matters more than throughput here.
type store struct {
	mu    sync.Mutex
	users []*user
	orgs  []*organization // insertion order, which organizations_list keeps
}

// userByEmail finds a user case-insensitively, as UbiOps compares emails.
func (s *store) userByEmail(email string) *user {
	for _, u := range s.users {
		if strings.EqualFold(u.email, email) {
			return u
		}
	}
	return nil
}

// userByToken finds the user a token authenticates.
func (s *store) userByToken(token string) *user {
	if token == "" {
		return nil
	}
	for _, u := range s.users {
		if u.token == token {
			return u
		}
	}
	return nil
}

// org finds an organization by its name.
func (s *store) org(name string) *organization {
	for _, o := range s.orgs {
		if o.name == name {
			return o
		}
	}
	return nil
}

// orgByID finds an organization by its UUID.
func (s *store) orgByID(id string) *organization {
	for _, o := range s.orgs {
		if o.id == id {
			return o
		}
	}
	return nil
}

// memberOf returns u's membership of o, or nil.
func (o *organization) memberOf(u *user) *member {
	for _, m := range o.members {
		if m.user == u {
			return m
		}
	}
	return nil
}

// memberByID returns the membership of the user with that id, or nil.
func (o *organization) memberByID(userID string) *member {
	for _, m := range o.members {
		if m.user.id == userID {
			return m
		}
	}
	return nil
}

// memberByEmail returns the membership of the user with that email
// (case-insensitive), or nil.
func (o *organization) memberByEmail(email string) *member {
	for _, m := range o.members {
		if strings.EqualFold(m.user.email, email) {
			return m
		}
	}
	return nil
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
