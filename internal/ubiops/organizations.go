package ubiops

import (
	"context"
	"net/http"
	"net/url"
)

// ListOrganizations lists the organizations the token's user is a member of
// (organizations_list).
func (c *Client) ListOrganizations(ctx context.Context) ([]Organization, error) {
	var out []Organization
	if err := c.do(ctx, http.MethodGet, path("organizations"), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateOrganization creates an organization whose admin is the token's user
// (organizations_create). The answer lacks the subscription: read the
// organization back for it.
func (c *Client) CreateOrganization(ctx context.Context, in OrganizationCreate) (*Organization, error) {
	var out Organization
	if err := c.do(ctx, http.MethodPost, path("organizations"), nil, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetOrganization reads one organization by name (organizations_get).
func (c *Client) GetOrganization(ctx context.Context, name string) (*Organization, error) {
	var out Organization
	if err := c.do(ctx, http.MethodGet, path("organizations", name), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateOrganization changes the fields set in in (organizations_update). A
// new name renames the organization: later calls must use it.
func (c *Client) UpdateOrganization(ctx context.Context, name string, in OrganizationUpdate) (*Organization, error) {
	var out Organization
	if err := c.do(ctx, http.MethodPatch, path("organizations", name), nil, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetResourceUsage counts the resources an organization uses
// (organizations_resource_usage).
func (c *Client) GetResourceUsage(ctx context.Context, name string) (*ResourceUsage, error) {
	var out ResourceUsage
	if err := c.do(ctx, http.MethodGet, path("organizations", name, "resources"), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetUsage reads an organization's credit usage (organizations_usage_get).
func (c *Client) GetUsage(ctx context.Context, name string, q UsageQuery) (*OrganizationUsage, error) {
	query := url.Values{}
	for key, value := range map[string]string{"start_date": q.StartDate, "end_date": q.EndDate, "interval": q.Interval} {
		if value != "" {
			query.Set(key, value)
		}
	}
	var out OrganizationUsage
	if err := c.do(ctx, http.MethodGet, path("organizations", name, "usage"), query, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
