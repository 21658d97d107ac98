package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// DefaultToken is the token of the default seed's only user.
const DefaultToken = "local-dev-token"

// Seed is the emulator's initial state, usually read from a JSON file:
//
//	{
//	  "users": [
//	    {"email": "admin@example.com", "name": "Ada", "surname": "Admin",
//	     "token": "local-dev-token", "staff": false}
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
// Users: email is required and unique (case-insensitive); token is what the
// user sends as "Authorization: Token <token>" (a leading "Token " in the file
// is dropped) and may be empty for a user who never calls the API; staff users
// may change subscriptions. Organizations: name follows the API's rules;
// subscription defaults to "free"; dates are YYYY-MM-DD; creation_date is RFC
// 3339 and defaults to the emulator's clock; members must contain at least one
// admin when not empty, and an email that no user has becomes an invited user.
// Projects: the counts feed the resources endpoint (deleted projects count
// nowhere there) and usage periods feed the usage endpoint. Ids are generated
// when omitted. Unknown keys are errors, to catch typos.
type Seed struct {
	Users         []SeedUser         `json:"users"`
	Organizations []SeedOrganization `json:"organizations"`
}

// SeedUser is a person with an account.
type SeedUser struct {
	ID      string `json:"id,omitempty"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Surname string `json:"surname"`
	Token   string `json:"token,omitempty"`
	Staff   bool   `json:"staff,omitempty"`
}

// SeedOrganization is an organization with its members and projects.
type SeedOrganization struct {
	ID                            string        `json:"id,omitempty"`
	Name                          string        `json:"name"`
	Subscription                  string        `json:"subscription,omitempty"`
	SubscriptionStartDate         *string       `json:"subscription_start_date,omitempty"`
	SubscriptionEndDate           *string       `json:"subscription_end_date,omitempty"`
	CreationDate                  *time.Time    `json:"creation_date,omitempty"`
	TwoFactorAuthenticationForced bool          `json:"two_factor_authentication_forced,omitempty"`
	OverageUsage                  bool          `json:"overage_usage,omitempty"`
	Members                       []SeedMember  `json:"members,omitempty"`
	Projects                      []SeedProject `json:"projects,omitempty"`
}

// SeedMember is a membership, naming the user by email.
type SeedMember struct {
	Email string `json:"email"`
	Admin bool   `json:"admin"`
}

// SeedProject is a project: what it counts towards the resources endpoint and
// when it consumed credits.
type SeedProject struct {
	ID                 string      `json:"id,omitempty"`
	Name               string      `json:"name"`
	Deleted            bool        `json:"deleted,omitempty"`
	Deployments        int         `json:"deployments,omitempty"`
	DeploymentVersions int         `json:"deployment_versions,omitempty"`
	Pipelines          int         `json:"pipelines,omitempty"`
	PipelineVersions   int         `json:"pipeline_versions,omitempty"`
	Buckets            int         `json:"buckets,omitempty"`
	Environments       int         `json:"environments,omitempty"`
	Usage              []SeedUsage `json:"usage,omitempty"`
}

// SeedUsage is a period [Start, End) during which a project ran at
// CreditsPerHour credits per hour.
type SeedUsage struct {
	CreditsPerHour float64   `json:"credits_per_hour"`
	Start          time.Time `json:"start"`
	End            time.Time `json:"end"`
}

// DefaultSeed is the state used when Options.Seed is nil: one user,
// admin@example.com with token DefaultToken, and no organizations.
func DefaultSeed() *Seed {
	return &Seed{Users: []SeedUser{{Email: "admin@example.com", Name: "Ada", Surname: "Admin", Token: DefaultToken}}}
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
