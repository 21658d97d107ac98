package ubiops

import (
	"context"
	"errors"
	"net/http"
)

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

// ListOrganizationUsers lists an organization's members
// (organization_users_list).
func (c *Client) ListOrganizationUsers(ctx context.Context, organization string) ([]OrganizationUser, error) {
	var out []OrganizationUser
	if err := c.do(ctx, http.MethodGet, path("organizations", organization, "users"), nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateOrganizationUser adds a member (organization_users_create).
func (c *Client) CreateOrganizationUser(ctx context.Context, organization string, in OrganizationUserCreate) (*OrganizationUser, error) {
	var out OrganizationUser
	if err := c.do(ctx, http.MethodPost, path("organizations", organization, "users"), nil, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetOrganizationUser reads one member by user ID (organization_users_get).
func (c *Client) GetOrganizationUser(ctx context.Context, organization, userID string) (*OrganizationUser, error) {
	var out OrganizationUser
	if err := c.do(ctx, http.MethodGet, path("organizations", organization, "users", userID), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateOrganizationUser changes a member's admin flag
// (organization_users_update).
func (c *Client) UpdateOrganizationUser(ctx context.Context, organization, userID string, in OrganizationUserUpdate) (*OrganizationUser, error) {
	var out OrganizationUser
	if err := c.do(ctx, http.MethodPatch, path("organizations", organization, "users", userID), nil, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteOrganizationUser removes a member (organization_users_delete). The
// API also deletes the user's roles in the organization's projects.
func (c *Client) DeleteOrganizationUser(ctx context.Context, organization, userID string) error {
	return c.do(ctx, http.MethodDelete, path("organizations", organization, "users", userID), nil, nil, nil)
}

// User is the signed-in user, as GET /user answers.
type User struct {
	ID      string `json:"id"`
	Email   string `json:"email"`
	Name    string `json:"name"`
	Surname string `json:"surname"`
}

// CurrentUser reads the user the credentials belong to (GET /user),
// signing in first when the client signs in. An answer without the user's
// id or email is an error.
func (c *Client) CurrentUser(ctx context.Context) (*User, error) {
	var out User
	if err := c.do(ctx, http.MethodGet, path("user"), nil, nil, &out); err != nil {
		return nil, err
	}
	if out.ID == "" || out.Email == "" {
		return nil, errors.New("GET /user: the answer lacks the user's id or email")
	}
	return &out, nil
}
