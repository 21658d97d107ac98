package ubiops

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// Organization is an organization as the API describes it. The list and create
// operations return only the OrganizationList fields; Subscription and
// OverageUsage are filled by the get and update operations (OrganizationDetail).
type Organization struct {
	ID                            string `json:"id"`
	Name                          string `json:"name"`
	CreationDate                  string `json:"creation_date"`
	Status                        string `json:"status,omitempty"`
	TwoFactorAuthenticationForced bool   `json:"two_factor_authentication_forced"`
	Subscription                  string `json:"subscription,omitempty"`
	// OverageUsage is nil when the API version does not return it.
	OverageUsage *bool `json:"overage_usage,omitempty"`
}

// OrganizationCreate is the body of organizations_create.
type OrganizationCreate struct {
	Name string `json:"name"`
	// Subscription is omitted when empty: the API then assigns "free".
	Subscription                  string  `json:"subscription,omitempty"`
	SubscriptionEndDate           *string `json:"subscription_end_date,omitempty"`
	TwoFactorAuthenticationForced *bool   `json:"two_factor_authentication_forced,omitempty"`
}

// OrganizationUpdate is the partial body of organizations_update: only the
// fields that are set are sent.
type OrganizationUpdate struct {
	Name         *string `json:"name,omitempty"`
	Subscription *string `json:"subscription,omitempty"`
	// SubscriptionEndDate and SubscriptionStartDate can be sent as an
	// explicit JSON null, which is how the API removes a date.
	SubscriptionEndDate           Nullable[string] `json:"subscription_end_date,omitzero"`
	SubscriptionStartDate         Nullable[string] `json:"subscription_start_date,omitzero"`
	TwoFactorAuthenticationForced *bool            `json:"two_factor_authentication_forced,omitempty"`
}

// ResourceUsage counts the resources an organization uses. The API's set of
// keys changed over the years, so missing keys decode as zero and unknown keys
// are ignored.
type ResourceUsage struct {
	Projects           int64 `json:"projects"`
	Users              int64 `json:"users"`
	Deployments        int64 `json:"deployments"`
	DeploymentVersions int64 `json:"deployment_versions"`
	Pipelines          int64 `json:"pipelines"`
	PipelineVersions   int64 `json:"pipeline_versions"`
	Buckets            int64 `json:"buckets"`
	Environments       int64 `json:"environments"`
}

// UsageQuery selects the period and granularity of organizations_usage_get.
// Empty fields are left out of the query; without dates the API reports the
// current subscription period.
type UsageQuery struct {
	StartDate string
	EndDate   string
	Interval  string
}

// UsageDataPoint is the credits used in one interval.
type UsageDataPoint struct {
	StartDate string  `json:"start_date"`
	EndDate   string  `json:"end_date"`
	Value     float64 `json:"value"`
}

// ProjectUsage is the usage of one project.
type ProjectUsage struct {
	ProjectID   string           `json:"project_id"`
	ProjectName string           `json:"project_name"`
	Data        []UsageDataPoint `json:"data"`
}

// OrganizationUsage is the answer of organizations_usage_get.
type OrganizationUsage struct {
	Interval            string           `json:"interval"`
	DataOrganization    []UsageDataPoint `json:"data_organization"`
	DataProjects        []ProjectUsage   `json:"data_projects"`
	DataDeletedProjects []UsageDataPoint `json:"data_deleted_projects"`
}

// ListOrganizations lists the organizations the signed-in user is a member of
// (organizations_list).
func (c *Client) ListOrganizations(ctx context.Context) ([]Organization, error) {
	return callList[Organization](ctx, c, http.MethodGet, path("organizations"), nil)
}

// CreateOrganization creates an organization whose admin is the signed-in user
// (organizations_create). The answer lacks the subscription: read the
// organization back for it.
func (c *Client) CreateOrganization(ctx context.Context, in OrganizationCreate) (*Organization, error) {
	return callObject[Organization](ctx, c, http.MethodPost, path("organizations"), nil, in)
}

// GetOrganization reads one organization by name (organizations_get).
func (c *Client) GetOrganization(ctx context.Context, name string) (*Organization, error) {
	return callObject[Organization](ctx, c, http.MethodGet, path("organizations", name), nil, nil)
}

// UpdateOrganization changes the fields set in in (organizations_update). A
// new name renames the organization: later calls must use it.
func (c *Client) UpdateOrganization(ctx context.Context, name string, in OrganizationUpdate) (*Organization, error) {
	return callObject[Organization](ctx, c, http.MethodPatch, path("organizations", name), nil, in)
}

// GetResourceUsage counts the resources an organization uses
// (organizations_resource_usage).
func (c *Client) GetResourceUsage(ctx context.Context, name string) (*ResourceUsage, error) {
	return callObject[ResourceUsage](ctx, c, http.MethodGet, path("organizations", name, "resources"), nil, nil)
}

// GetUsage reads an organization's credit usage (organizations_usage_get).
func (c *Client) GetUsage(ctx context.Context, name string, q UsageQuery) (*OrganizationUsage, error) {
	query := url.Values{}
	for key, value := range map[string]string{"start_date": q.StartDate, "end_date": q.EndDate, "interval": q.Interval} {
		if value != "" {
			query.Set(key, value)
		}
	}
	return callObject[OrganizationUsage](ctx, c, http.MethodGet, path("organizations", name, "usage"), query, nil)
}

// identify names the organization's identifying fields it lacks.
func (o *Organization) identify() (string, []string) {
	return "organization", missingFields("id", o.ID, "name", o.Name)
}

// identify: any usage object will do; an empty or null one is refused
// before.
func (u *ResourceUsage) identify() (string, []string) { return "resource usage", nil }

// identify: any usage object will do; an empty or null one is refused
// before.
func (u *OrganizationUsage) identify() (string, []string) { return "usage", nil }

// Nullable is a field of a partial update that has three states: absent
// (the zero value, left out of the body with the `omitzero` tag), an explicit
// JSON null, or a value.
type Nullable[T any] struct {
	set   bool
	null  bool
	value T
}

// Value returns a Nullable that sends v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{set: true, value: v} }

// Null returns a Nullable that sends an explicit JSON null.
func Null[T any]() Nullable[T] { return Nullable[T]{set: true, null: true} }

// IsZero reports whether the field is absent; encoding/json's omitzero uses it.
func (n Nullable[T]) IsZero() bool { return !n.set }

// IsNull reports whether the field is an explicit null.
func (n Nullable[T]) IsNull() bool { return n.set && n.null }

// Get returns the value and whether one is set (false for absent and null).
func (n Nullable[T]) Get() (T, bool) { return n.value, n.set && !n.null }

// MarshalJSON writes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.set || n.null {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}
