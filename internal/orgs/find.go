package provider

import (
	"context"
	"net/http"
	"regexp"
	"strings"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// isUUID tells a UUID from a name or an email: import IDs accept either.
func isUUID(s string) bool { return uuidPattern.MatchString(s) }

// equalEmails compares addresses the way UbiOps does: case-insensitively.
func equalEmails(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// organizationByID finds an organization the caller belongs to by its UUID,
// whatever its name is now, in the list of the caller's organizations that
// all imports of one plan share. Not finding it is a 404 *APIError, like a
// failed get.
func (d *providerData) organizationByID(ctx context.Context, id string) (*ubiops.Organization, error) {
	orgs, err := d.organizationList.get(ctx, "")
	if err != nil {
		return nil, err
	}
	return organizationWithID(orgs, id)
}

// organizationWithID picks the organization with UUID id from the caller's
// organizations, or answers organizationByID's 404.
func organizationWithID(orgs []ubiops.Organization, id string) (*ubiops.Organization, error) {
	for i := range orgs {
		if strings.EqualFold(orgs[i].ID, id) {
			return &orgs[i], nil
		}
	}
	return nil, &ubiops.APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: "/organizations",
		Message: "no organization with id " + id + " among the organizations the signed-in user belongs to"}
}

// findMemberByID returns the member with the given user ID, or nil.
func findMemberByID(users []ubiops.OrganizationUser, id string) *ubiops.OrganizationUser {
	for i := range users {
		if strings.EqualFold(users[i].ID, id) {
			return &users[i]
		}
	}
	return nil
}

// findMemberByEmail returns the member with the email, compared
// case-insensitively as UbiOps does, or nil.
func findMemberByEmail(users []ubiops.OrganizationUser, email string) *ubiops.OrganizationUser {
	for i := range users {
		if equalEmails(users[i].Email, email) {
			return &users[i]
		}
	}
	return nil
}
