package ubiops

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

// OrganizationUser is a member of an organization (OrganizationUserDetail).
type OrganizationUser struct {
	// ID is the user's UUID, the {user_id} of the users endpoints.
	ID      string `json:"id"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Surname string `json:"surname"`
	Admin   bool   `json:"admin"`
	Status  string `json:"status,omitempty"`
}

// OrganizationUserCreate is the body of organization_users_create.
type OrganizationUserCreate struct {
	Email string `json:"email"`
	Admin bool   `json:"admin"`
}

// OrganizationUserUpdate is the body of organization_users_update; admin is
// the only field the API lets change.
type OrganizationUserUpdate struct {
	Admin bool `json:"admin"`
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
