package emulator

import (
	"fmt"
	"strings"
	"time"
)

// newStoreFromSeed builds the store a seed describes, validating it on the
// way; now is the creation date of organizations that give none.
func newStoreFromSeed(seed *Seed, now time.Time) (*store, error) {
	s := &store{}
	for i, su := range seed.Users {
		if err := s.addSeedUser(su); err != nil {
			return nil, fmt.Errorf("users[%d]: %w", i, err)
		}
	}
	for i, so := range seed.Organizations {
		if err := s.addSeedOrg(so, now); err != nil {
			return nil, fmt.Errorf("organizations[%d] (%s): %w", i, so.Name, err)
		}
	}
	return s, nil
}

// addSeedUser adds an active account.
func (s *store) addSeedUser(su SeedUser) error {
	if err := validateEmail(su.Email); err != nil {
		return err
	}
	if s.userByEmail(su.Email) != nil {
		return fmt.Errorf("duplicate user email %q", su.Email)
	}
	token := normalizeToken(su.Token)
	if token != "" && s.userByToken(token) != nil {
		return fmt.Errorf("duplicate token for user %q", su.Email)
	}
	id := su.ID
	if id == "" {
		id = newUUID()
	}
	s.users = append(s.users, &user{id: id, email: su.Email, name: su.Name, surname: su.Surname,
		token: token, staff: su.Staff, status: statusActive})
	return nil
}

// addSeedOrg adds an organization with its members and projects, applying the
// same rules as the API.
func (s *store) addSeedOrg(so SeedOrganization, now time.Time) error {
	if err := validateSeedDates(so); err != nil {
		return err
	}
	if len(so.Members) > 0 && !hasSeedAdmin(so.Members) {
		return fmt.Errorf("members: at least one member must be an admin")
	}
	created := now
	if so.CreationDate != nil {
		created = *so.CreationDate
	}
	spec := orgSpec{name: so.Name, subscription: so.Subscription, subscriptionEndDate: so.SubscriptionEndDate,
		subscriptionStartDate: so.SubscriptionStartDate, twoFactorForced: so.TwoFactorAuthenticationForced}
	o, err := s.createOrg(nil, spec, created)
	if err != nil {
		return err
	}
	o.overageUsage = so.OverageUsage
	if so.ID != "" {
		o.id = so.ID
	}
	for j, sm := range so.Members {
		if _, err := s.addMember(o, sm.Email, sm.Admin); err != nil {
			return fmt.Errorf("members[%d]: %w", j, err)
		}
	}
	for j, sp := range so.Projects {
		p, err := seedProject(sp)
		if err != nil {
			return fmt.Errorf("projects[%d] (%s): %w", j, sp.Name, err)
		}
		o.projects = append(o.projects, p)
	}
	return nil
}

// validateSeedDates checks the subscription dates' format.
func validateSeedDates(so SeedOrganization) error {
	if d := so.SubscriptionStartDate; d != nil {
		if err := validateDate("subscription_start_date", *d); err != nil {
			return err
		}
	}
	if d := so.SubscriptionEndDate; d != nil {
		if err := validateDate("subscription_end_date", *d); err != nil {
			return err
		}
	}
	return nil
}

// hasSeedAdmin reports whether a member list has an admin, which every
// organization with members needs.
func hasSeedAdmin(members []SeedMember) bool {
	for _, m := range members {
		if m.Admin {
			return true
		}
	}
	return false
}

// seedProject validates and converts a seed project.
func seedProject(sp SeedProject) (*project, error) {
	if sp.Name == "" {
		return nil, fmt.Errorf("name is required")
	}
	counts := []int{sp.Deployments, sp.DeploymentVersions, sp.Pipelines, sp.PipelineVersions, sp.Buckets, sp.Environments}
	for _, c := range counts {
		if c < 0 {
			return nil, fmt.Errorf("resource counts cannot be negative")
		}
	}
	p := &project{id: sp.ID, name: sp.Name, deleted: sp.Deleted, counts: resourceCounts{
		deployments: sp.Deployments, deploymentVersions: sp.DeploymentVersions, pipelines: sp.Pipelines,
		pipelineVersions: sp.PipelineVersions, buckets: sp.Buckets, environments: sp.Environments}}
	if p.id == "" {
		p.id = newUUID()
	}
	for k, u := range sp.Usage {
		if u.CreditsPerHour < 0 {
			return nil, fmt.Errorf("usage[%d]: credits_per_hour cannot be negative", k)
		}
		if !u.End.After(u.Start) {
			return nil, fmt.Errorf("usage[%d]: end must be after start", k)
		}
		p.usage = append(p.usage, usagePeriod{creditsPerHour: u.CreditsPerHour, start: u.Start, end: u.End})
	}
	return p, nil
}

// normalizeToken drops the "Token " prefix UbiOps puts on the tokens it hands
// out, so a seed may quote them either way.
func normalizeToken(t string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "Token "))
}
