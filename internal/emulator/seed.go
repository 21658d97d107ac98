package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/pquerna/otp/totp"
)

// The default seed's credentials: a person who signs in with DefaultEmail and
// DefaultPassword or sends "Authorization: Bearer <DefaultAccessToken>" (an
// emulator convenience: real access tokens come from signing in), and a
// service user who sends "Authorization: Token <DefaultServiceToken>".
const (
	DefaultEmail        = "admin@example.com"
	DefaultPassword     = "local-dev-password"
	DefaultAccessToken  = "local-dev-token"
	DefaultServiceEmail = "service@example.com"
	DefaultServiceToken = "local-service-token"
)

// Seed is the emulator's initial state, usually read from a JSON file:
//
//	{
//	  "users": [
//	    {"email": "admin@example.com", "name": "Ada", "surname": "Admin",
//	     "password": "local-dev-password", "totp_secret": "optional base32",
//	     "token": "local-dev-token", "staff": false,
//	     "registration_date": "2026-01-15T09:00:00Z"},
//	    {"email": "sso@example.com", "name": "Sam", "sign_in_provider": "google",
//	     "token": "optional pre-issued access token"},
//	    {"email": "service@example.com", "name": "ci", "service": true,
//	     "token": "local-service-token"}
//	  ],
//	  "organizations": [{
//	    "name": "acme-ml", "id": "optional-uuid", "subscription": "professional",
//	    "subscription_start_date": "2026-01-15", "subscription_end_date": null,
//	    "creation_date": "2026-01-15T09:00:00Z", "two_factor_authentication_forced": false,
//	    "overage_usage": false,
//	    "members": [{"email": "admin@example.com", "admin": true}],
//	    "projects": [{
//	      "id": "optional-uuid", "name": "fraud-detection", "deleted": false,
//	      "deployments": 3, "deployment_versions": 5, "pipelines": 1,
//	      "pipeline_versions": 2, "buckets": 1, "environments": 2,
//	      "usage": [{"credits_per_hour": 2.5,
//	                 "start": "2026-11-01T00:00:00Z", "end": "2026-11-03T12:00:00Z"}]
//	    }]
//	  }]
//	}
//
// Users: email is required and unique (case-insensitive). A person signs in
// with password (and, when totp_secret is set, a code from that RFC 6238
// secret); a person's token is a pre-issued access token that never expires,
// sent as "Authorization: Bearer <token>". A service user ("service": true)
// has a token, sent as "Authorization: Token <token>", no password, and is
// never a member. sign_in_provider is "ubiops" (the default) for a person who
// signs in with a password, or a single-sign-on provider ("google",
// "microsoft") for one who has no password: POST /oauth/sign-in names it and
// POST /authorize refuses the account. registration_date (RFC 3339, GET
// /user's) defaults to the emulator's clock. A leading "Token " or "Bearer "
// in the file is dropped;
// tokens are unique. Staff users may change subscriptions. Organizations: name follows the API's rules;
// subscription defaults to "free"; dates are YYYY-MM-DD; creation_date is RFC
// 3339 and defaults to the emulator's clock; members must contain at least one
// admin when not empty, and an email that no user has becomes an invited user.
// Projects: the counts feed the resources endpoint (deleted projects count
// nowhere there) and usage periods feed the usage endpoint. Ids are generated
// when omitted. Unknown keys are errors, to catch typos.
type Seed struct {
	// Users are the accounts, persons and service users.
	Users []SeedUser `json:"users"`
	// Organizations are the organizations with their members and projects.
	Organizations []SeedOrganization `json:"organizations"`
}

// SeedUser is a person with an account, or a service user.
type SeedUser struct {
	// ID is the user's UUID; generated when empty.
	ID string `json:"id,omitempty"`
	// Email is required and unique, ignoring case.
	Email string `json:"email"`
	// Name is the user's first name.
	Name string `json:"name"`
	// Surname is the user's last name.
	Surname string `json:"surname"`
	// Password lets a person sign in at POST /authorize; empty for a
	// service user or a single-sign-on account.
	Password string `json:"password,omitempty"`
	// TOTPSecret is the base32 RFC 6238 secret whose codes the person's
	// sign-in also needs; empty without two-factor authentication.
	TOTPSecret string `json:"totp_secret,omitempty"`
	// Token is a person's pre-issued access token (sent as Bearer, never
	// expiring) or a service user's API token (sent as Token); unique.
	Token string `json:"token,omitempty"`
	// Service makes the user a service user: a token, no password, never a
	// member.
	Service bool `json:"service,omitempty"`
	// Staff lets the user change subscriptions, as UbiOps staff can.
	Staff bool `json:"staff,omitempty"`
	// SignInProvider is how a person signs in: "ubiops" (the default: email
	// and password) or a single-sign-on provider, "google" or "microsoft",
	// for an account without a password.
	SignInProvider string `json:"sign_in_provider,omitempty"`
	// RegistrationDate is when the account was made; it defaults to the
	// emulator's clock when the user is added.
	RegistrationDate *time.Time `json:"registration_date,omitempty"`
}

// SeedOrganization is an organization with its members and projects.
type SeedOrganization struct {
	// ID is the organization's UUID; generated when empty.
	ID string `json:"id,omitempty"`
	// Name follows the API's rules for organization names.
	Name string `json:"name"`
	// Subscription is the subscription's name; "free" when empty.
	Subscription string `json:"subscription,omitempty"`
	// SubscriptionStartDate is YYYY-MM-DD; it also sets the day on which the
	// usage endpoint's default period starts. Nil when unset.
	SubscriptionStartDate *string `json:"subscription_start_date,omitempty"`
	// SubscriptionEndDate is YYYY-MM-DD; nil when unset.
	SubscriptionEndDate *string `json:"subscription_end_date,omitempty"`
	// CreationDate defaults to the emulator's clock.
	CreationDate *time.Time `json:"creation_date,omitempty"`
	// TwoFactorAuthenticationForced tells whether members must use
	// two-factor authentication.
	TwoFactorAuthenticationForced bool `json:"two_factor_authentication_forced,omitempty"`
	// OverageUsage tells whether the organization may use more credits than
	// its subscription includes.
	OverageUsage bool `json:"overage_usage,omitempty"`
	// Members, when not empty, include at least one admin; an email no user
	// has becomes an invited user.
	Members []SeedMember `json:"members,omitempty"`
	// Projects feed the resources and usage endpoints.
	Projects []SeedProject `json:"projects,omitempty"`
}

// SeedMember is a membership, naming the user by email.
type SeedMember struct {
	// Email names the user, ignoring case.
	Email string `json:"email"`
	// Admin makes the member an organization admin.
	Admin bool `json:"admin"`
}

// SeedProject is a project: what it counts towards the resources endpoint and
// when it consumed credits.
type SeedProject struct {
	// ID is the project's UUID; generated when empty.
	ID string `json:"id,omitempty"`
	// Name is the project's name in the usage endpoint's data_projects.
	Name string `json:"name"`
	// Deleted makes the project count nowhere in the resources endpoint and
	// its usage count in data_deleted_projects.
	Deleted bool `json:"deleted,omitempty"`
	// Deployments is the project's number of deployments.
	Deployments int `json:"deployments,omitempty"`
	// DeploymentVersions is the number of versions of those deployments.
	DeploymentVersions int `json:"deployment_versions,omitempty"`
	// Pipelines is the project's number of pipelines.
	Pipelines int `json:"pipelines,omitempty"`
	// PipelineVersions is the number of versions of those pipelines.
	PipelineVersions int `json:"pipeline_versions,omitempty"`
	// Buckets is the project's number of storage buckets.
	Buckets int `json:"buckets,omitempty"`
	// Environments is the project's number of custom environments.
	Environments int `json:"environments,omitempty"`
	// Usage is the periods in which the project consumed credits.
	Usage []SeedUsage `json:"usage,omitempty"`
}

// SeedUsage is a period [Start, End) during which a project ran at
// CreditsPerHour credits per hour.
type SeedUsage struct {
	// CreditsPerHour is the rate at which the project used credits.
	CreditsPerHour float64 `json:"credits_per_hour"`
	// Start is the period's first instant.
	Start time.Time `json:"start"`
	// End is the instant after the period's last.
	End time.Time `json:"end"`
}

// DefaultSeed is the state used when Options.Seed is nil: the person
// DefaultEmail with DefaultPassword and the pre-issued DefaultAccessToken, the
// service user DefaultServiceEmail with DefaultServiceToken, and no
// organizations.
func DefaultSeed() *Seed {
	return &Seed{Users: []SeedUser{
		{Email: DefaultEmail, Name: "Ada", Surname: "Admin", Password: DefaultPassword, Token: DefaultAccessToken},
		{Email: DefaultServiceEmail, Name: "local-service", Service: true, Token: DefaultServiceToken},
	}}
}

// LoadSeed reads and validates a seed file.
func LoadSeed(path string) (*Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read seed: %w", err)
	}
	s, err := ParseSeed(data)
	if err != nil {
		return nil, fmt.Errorf("seed %s: %w", path, err)
	}
	return s, nil
}

// ParseSeed decodes and validates a JSON seed.
func ParseSeed(data []byte) (*Seed, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Seed
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("invalid seed JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("invalid seed JSON: unexpected data after the top-level object")
	}
	if _, err := newStoreFromSeed(&s, time.Now()); err != nil {
		return nil, err
	}
	return &s, nil
}

// newStoreFromSeed builds the store a seed describes, validating it on the
// way; now is the creation date of organizations, and the registration date
// of users, that give none.
func newStoreFromSeed(seed *Seed, now time.Time) (*store, error) {
	s := &store{access: map[string]accessGrant{}}
	for i, su := range seed.Users {
		if err := s.addSeedUser(su, now); err != nil {
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

// addSeedUser adds an active account, registered at now unless su says
// when.
func (s *store) addSeedUser(su SeedUser, now time.Time) error {
	u, err := s.userFromSeed(su, now)
	if err != nil {
		return err
	}
	if s.userByEmail(su.Email) != nil {
		return fmt.Errorf("duplicate user email %q", su.Email)
	}
	u.id = su.ID
	if u.id == "" {
		u.id = newUUID()
	}
	s.users = append(s.users, u)
	return nil
}

// userFromSeed validates su and builds the active account it describes,
// without an id, registered at now unless su says when. The token must be
// free in the store.
func (s *store) userFromSeed(su SeedUser, now time.Time) (*user, error) {
	if err := validateEmail(su.Email); err != nil {
		return nil, err
	}
	u := &user{email: su.Email, name: su.Name, surname: su.Surname, password: su.Password,
		totpSecret: strings.TrimSpace(su.TOTPSecret), token: normalizeToken(su.Token),
		service: su.Service, staff: su.Staff, status: statusActive, registered: now}
	if su.RegistrationDate != nil {
		u.registered = *su.RegistrationDate
	}
	if u.token != "" && s.userByToken(u.token) != nil {
		return nil, fmt.Errorf("duplicate token for user %q", su.Email)
	}
	if u.service {
		if u.token == "" || u.password != "" || u.totpSecret != "" || su.SignInProvider != "" {
			return nil, fmt.Errorf("service user %q needs a token and has no password, totp_secret or sign_in_provider", su.Email)
		}
		return u, nil
	}
	provider, err := seedSignInProvider(su)
	if err != nil {
		return nil, err
	}
	u.signInProvider = provider
	if u.totpSecret != "" {
		if u.password == "" {
			return nil, fmt.Errorf("user %q: totp_secret needs a password to sign in with", su.Email)
		}
		if _, err := totp.GenerateCodeCustom(u.totpSecret, time.Time{}, totpOptions); err != nil {
			return nil, fmt.Errorf("user %q: totp_secret must be a base32 secret (RFC 6238)", su.Email)
		}
	}
	return u, nil
}

// seedSignInProvider is how the person su describes signs in: "ubiops"
// unless su names a single-sign-on provider, in which case it has no
// password (nor TOTP secret) to sign in with.
func seedSignInProvider(su SeedUser) (string, error) {
	provider := strings.ToLower(strings.TrimSpace(su.SignInProvider))
	switch {
	case provider == "" || provider == providerUbiOps:
		return providerUbiOps, nil
	case ssoAuthorizeURLs[provider] == "":
		return "", fmt.Errorf("user %q: sign_in_provider %q is none of %q, %q and %q", su.Email, su.SignInProvider,
			providerUbiOps, "google", "microsoft")
	case su.Password != "" || su.TOTPSecret != "":
		return "", fmt.Errorf("user %q signs in through %s single sign-on and has no password or totp_secret", su.Email, provider)
	}
	return provider, nil
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

// normalizeToken drops a leading scheme word ("Token ", as UbiOps hands API
// tokens out, or "Bearer "), so a seed may quote tokens either way.
func normalizeToken(t string) string {
	t = strings.TrimSpace(t)
	for _, scheme := range []string{"token ", "bearer "} {
		if len(t) > len(scheme) && strings.EqualFold(t[:len(scheme)], scheme) {
			return strings.TrimSpace(t[len(scheme):])
		}
	}
	return t
}
