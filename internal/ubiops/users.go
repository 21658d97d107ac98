package ubiops

import (
	"context"
	"net/http"
)

// OrganizationUser is a member of an organization (OrganizationUserDetail).
type OrganizationUser struct {
	// ID is the user's UUID, the {user_id} of the users endpoints.
	ID string `json:"id"`
	// Email is the member's email address, unique among the members.
	Email string `json:"email"`
	// Name is the member's first name; empty for an invited email that has
	// no UbiOps account yet.
	Name string `json:"name"`
	// Surname is the member's last name; empty like Name for an invitee.
	Surname string `json:"surname"`
	// Admin tells whether the member administers the organization.
	Admin bool `json:"admin"`
	// Status is the membership's state, such as "active" or "invited";
	// empty when the API version leaves it out.
	Status string `json:"status,omitempty"`
}

// OrganizationUserCreate is the body of organization_users_create.
type OrganizationUserCreate struct {
	// Email is the address of the user to add; one without a UbiOps account
	// is invited.
	Email string `json:"email"`
	// Admin makes the new member an organization admin.
	Admin bool `json:"admin"`
}

// OrganizationUserUpdate is the body of organization_users_update; admin is
// the only field the API lets change.
type OrganizationUserUpdate struct {
	// Admin is the member's new admin flag.
	Admin bool `json:"admin"`
}

// ListOrganizationUsers lists an organization's members
// (organization_users_list).
func (c *Client) ListOrganizationUsers(ctx context.Context, organization string) ([]OrganizationUser, error) {
	return callList[OrganizationUser](ctx, c, http.MethodGet, path("organizations", organization, "users"), nil)
}

// CreateOrganizationUser adds a member (organization_users_create).
func (c *Client) CreateOrganizationUser(ctx context.Context, organization string, in OrganizationUserCreate) (*OrganizationUser, error) {
	return callObject[OrganizationUser](ctx, c, http.MethodPost, path("organizations", organization, "users"), nil, in)
}

// GetOrganizationUser reads one member by user ID (organization_users_get).
func (c *Client) GetOrganizationUser(ctx context.Context, organization, userID string) (*OrganizationUser, error) {
	return callObject[OrganizationUser](ctx, c, http.MethodGet, path("organizations", organization, "users", userID), nil, nil)
}

// UpdateOrganizationUser changes a member's admin flag
// (organization_users_update).
func (c *Client) UpdateOrganizationUser(ctx context.Context, organization, userID string, in OrganizationUserUpdate) (*OrganizationUser, error) {
	return callObject[OrganizationUser](ctx, c, http.MethodPatch, path("organizations", organization, "users", userID), nil, in)
}

// DeleteOrganizationUser removes a member (organization_users_delete). The
// API also deletes the user's roles in the organization's projects.
func (c *Client) DeleteOrganizationUser(ctx context.Context, organization, userID string) error {
	_, err := c.do(ctx, http.MethodDelete, path("organizations", organization, "users", userID), nil, nil)
	return err
}

// identify names the member's identifying fields it lacks.
func (u *OrganizationUser) identify() (string, []string) {
	return "member", missingFields("id", u.ID, "email", u.Email)
}

// User is the signed-in user, as GET /user answers.
type User struct {
	// ID is the user's UUID.
	ID string `json:"id"`
	// Email is the address the user signs in with.
	Email string `json:"email"`
	// Name is the user's first name.
	Name string `json:"name"`
	// Surname is the user's last name.
	Surname string `json:"surname"`
}

// CurrentUser reads the user the credentials belong to (GET /user),
// signing in first when the client signs in. An answer without the user's
// id or email is an error.
func (c *Client) CurrentUser(ctx context.Context) (*User, error) {
	return callObject[User](ctx, c, http.MethodGet, path("user"), nil, nil)
}

// identify names the user's identifying fields it lacks.
func (u *User) identify() (string, []string) {
	return "user", missingFields("id", u.ID, "email", u.Email)
}
