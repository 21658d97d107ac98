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
	// ID is the organization's UUID, fixed for its life.
	ID string `json:"id"`
	// Name is unique across UbiOps and is the {organization_name} of the
	// paths; a rename changes it.
	Name string `json:"name"`
	// CreationDate is an RFC 3339 timestamp with microseconds, as the API
	// writes it.
	CreationDate string `json:"creation_date"`
	// Status is the organization's state, such as "active"; empty when the
	// API version leaves it out.
	Status string `json:"status,omitempty"`
	// TwoFactorAuthenticationForced tells whether members must sign in with
	// two-factor authentication; false when the API version lacks it.
	TwoFactorAuthenticationForced bool `json:"two_factor_authentication_forced"`
	// Subscription is the subscription's name, such as "free"; empty in the
	// answers of list and create.
	Subscription string `json:"subscription,omitempty"`
	// OverageUsage is nil when the API version does not return it.
	OverageUsage *bool `json:"overage_usage,omitempty"`
}

// OrganizationCreate is the body of organizations_create.
type OrganizationCreate struct {
	// Name is the new organization's name, unique across UbiOps.
	Name string `json:"name"`
	// Subscription is omitted when empty: the API then assigns "free".
	Subscription string `json:"subscription,omitempty"`
	// SubscriptionEndDate is a YYYY-MM-DD date, left out when nil; a "free"
	// subscription cannot have one. The API never returns it.
	SubscriptionEndDate *string `json:"subscription_end_date,omitempty"`
	// TwoFactorAuthenticationForced is left out when nil, so that API
	// versions without the field accept the body; UbiOps' default is false.
	TwoFactorAuthenticationForced *bool `json:"two_factor_authentication_forced,omitempty"`
}

// OrganizationUpdate is the partial body of organizations_update: only the
// fields that are set are sent.
type OrganizationUpdate struct {
	// Name renames the organization when set: later paths use the new name.
	Name *string `json:"name,omitempty"`
	// Subscription changes the subscription when set; only UbiOps staff may.
	Subscription *string `json:"subscription,omitempty"`
	// SubscriptionEndDate and SubscriptionStartDate can be sent as an
	// explicit JSON null, which is how the API removes a date.
	SubscriptionEndDate Nullable[string] `json:"subscription_end_date,omitzero"`
	// SubscriptionStartDate is a YYYY-MM-DD date; like the end date it is
	// write-only.
	SubscriptionStartDate Nullable[string] `json:"subscription_start_date,omitzero"`
	// TwoFactorAuthenticationForced turns the members' two-factor
	// requirement on or off when set.
	TwoFactorAuthenticationForced *bool `json:"two_factor_authentication_forced,omitempty"`
}

// ResourceUsage counts the resources an organization uses. The API's set of
// keys changed over the years, so missing keys decode as zero and unknown keys
// are ignored.
type ResourceUsage struct {
	// Projects is the number of the organization's projects.
	Projects int64 `json:"projects"`
	// Users is the number of its members.
	Users int64 `json:"users"`
	// Deployments is the number of deployments across its projects.
	Deployments int64 `json:"deployments"`
	// DeploymentVersions is the number of versions of those deployments.
	DeploymentVersions int64 `json:"deployment_versions"`
	// Pipelines is the number of pipelines across its projects.
	Pipelines int64 `json:"pipelines"`
	// PipelineVersions is the number of versions of those pipelines.
	PipelineVersions int64 `json:"pipeline_versions"`
	// Buckets is the number of storage buckets across its projects.
	Buckets int64 `json:"buckets"`
	// Environments is the number of custom environments across its projects.
	Environments int64 `json:"environments"`
}

// UsageQuery selects the period and granularity of organizations_usage_get.
// Empty fields are left out of the query; without dates the API reports the
// current subscription period.
type UsageQuery struct {
	// StartDate is the period's first day, YYYY-MM-DD or RFC 3339.
	StartDate string
	// EndDate is the period's end, YYYY-MM-DD or RFC 3339.
	EndDate string
	// Interval is "day" or "month", the width of each data point; the API's
	// default is "month".
	Interval string
}

// UsageDataPoint is the credits used in one interval.
type UsageDataPoint struct {
	// StartDate is the interval's start, an RFC 3339 timestamp.
	StartDate string `json:"start_date"`
	// EndDate is the interval's end, an RFC 3339 timestamp.
	EndDate string `json:"end_date"`
	// Value is the credits used in the interval: an instance type's credit
	// rate per hour times the hours it ran.
	Value float64 `json:"value"`
}

// ProjectUsage is the usage of one project.
type ProjectUsage struct {
	// ProjectID is the project's UUID.
	ProjectID string `json:"project_id"`
	// ProjectName is the project's name when the usage was read.
	ProjectName string `json:"project_name"`
	// Data is the project's credits, one point per interval.
	Data []UsageDataPoint `json:"data"`
}

// OrganizationUsage is the answer of organizations_usage_get.
type OrganizationUsage struct {
	// Interval is the width of each data point, "day" or "month".
	Interval string `json:"interval"`
	// DataOrganization is the whole organization's credits per interval.
	DataOrganization []UsageDataPoint `json:"data_organization"`
	// DataProjects is the credits of each existing project.
	DataProjects []ProjectUsage `json:"data_projects"`
	// DataDeletedProjects is the credits of the projects deleted since, per
	// interval (the API's prose calls it data_projects_deleted).
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
