package orgs

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// UUIDPattern matches a UUID, as UbiOps writes its IDs.
var UUIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsUUID tells a UUID from a name or an email: import IDs accept either.
func IsUUID(s string) bool { return UUIDPattern.MatchString(s) }

// EmailKey is the one form in which emails are compared, as UbiOps compares
// them: case-insensitively, without surrounding spaces.
func EmailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// SameEmail tells whether a and b are the same address (see EmailKey).
func SameEmail(a, b string) bool { return hasEmailKey(a, EmailKey(b)) }

// hasEmailKey tells whether EmailKey(email) == key for a key that EmailKey
// made, without building EmailKey(email): lookups in member lists compare one
// wanted key with every member's address, and lowering each address would
// allocate once per member. strings.ToLower maps every rune of the trimmed
// address through unicode.ToLower (invalid bytes read as utf8.RuneError), so
// comparing those runes with the key's runes one by one decides the same
// equality; strings.EqualFold would not, as it folds more pairs (ſ and s).
func hasEmailKey(email, key string) bool {
	for _, r := range strings.TrimSpace(email) {
		k, size := utf8.DecodeRuneInString(key)
		if size == 0 || unicode.ToLower(r) != k {
			return false
		}
		key = key[size:]
	}
	return key == ""
}

// OrganizationByID finds an organization the caller belongs to by its UUID,
// whatever its name is now, in the list of the caller's organizations that
// all imports of one plan share. Not finding it is a 404 *APIError, like a
// failed get.
func (s *Service) OrganizationByID(ctx context.Context, id string) (*ubiops.Organization, error) {
	orgs, err := s.organizationList.get(ctx, "")
	if err != nil {
		return nil, err
	}
	return organizationWithID(orgs, id)
}

// organizationWithID picks the organization with UUID id from the caller's
// organizations, or answers OrganizationByID's 404.
func organizationWithID(orgs []ubiops.Organization, id string) (*ubiops.Organization, error) {
	for i := range orgs {
		if strings.EqualFold(orgs[i].ID, id) {
			return &orgs[i], nil
		}
	}
	return nil, &ubiops.APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: "/organizations",
		Message: "no organization with id " + id + " among the organizations the signed-in user belongs to"}
}

// FindMemberByID returns the member with the given user ID, or nil.
func FindMemberByID(users []ubiops.OrganizationUser, id string) *ubiops.OrganizationUser {
	for i := range users {
		if strings.EqualFold(users[i].ID, id) {
			return &users[i]
		}
	}
	return nil
}

// FindMemberByEmail returns the member with the email, compared
// as UbiOps does (EmailKey), or nil.
func FindMemberByEmail(users []ubiops.OrganizationUser, email string) *ubiops.OrganizationUser {
	key := EmailKey(email)
	for i := range users {
		if hasEmailKey(users[i].Email, key) {
			return &users[i]
		}
	}
	return nil
}
