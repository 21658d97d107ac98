package ubiops

import (
	"context"
	"testing"
)

func TestMemberOperations(t *testing.T) {
	runOperations(t, []operationTest{
		{
			name:   "list users",
			call:   func(ctx context.Context, c *Client) (any, error) { return c.ListOrganizationUsers(ctx, odd) },
			method: "GET", path: oddPath + "/users", status: 200,
			respBody: "[" + userJSON + "]", want: []OrganizationUser{user},
		},
		{
			name: "add user",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateOrganizationUser(ctx, "acme", OrganizationUserCreate{Email: "Ann@Example.com"})
			},
			method: "POST", path: "/v2.1/organizations/acme/users", reqBody: `{"email":"Ann@Example.com","admin":false}`,
			status: 201, respBody: userJSON, want: &user,
		},
		{
			name:   "get user",
			call:   func(ctx context.Context, c *Client) (any, error) { return c.GetOrganizationUser(ctx, odd, "u/1") },
			method: "GET", path: oddPath + "/users/u%2F1", status: 200,
			respBody: userJSON, want: &user,
		},
		{
			name: "update user",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateOrganizationUser(ctx, "acme", "u-1", OrganizationUserUpdate{Admin: true})
			},
			method: "PATCH", path: "/v2.1/organizations/acme/users/u-1", reqBody: `{"admin":true}`,
			status: 200, respBody: userJSON, want: &user,
		},
		{
			name: "delete user",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteOrganizationUser(ctx, "acme", "u-1")
			},
			method: "DELETE", path: "/v2.1/organizations/acme/users/u-1", status: 204,
		},
	})
}
