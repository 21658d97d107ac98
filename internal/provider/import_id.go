package provider

import (
	"fmt"
	"strings"
)

// membershipImportID is a parsed ubiops_organization_user import ID:
// "organization/email" or "organization/user_id".
type membershipImportID struct {
	Organization string
	Email        string
	UserID       string
}

// parseMembershipImportID reads "organization/email" or
// "organization/user_id", telling the two apart by shape.
func parseMembershipImportID(id string) (membershipImportID, error) {
	org, member, ok := strings.Cut(strings.TrimSpace(id), "/")
	if !ok || org == "" || member == "" || strings.Contains(member, "/") {
		return membershipImportID{}, fmt.Errorf("%q is not of the form organization/email or organization/user_id, "+
			"for example my-org/jane@example.com or my-org/332d7432-2742-4177-99a9-139e91e0110c", id)
	}
	if problem := organizationNameProblem(org); problem != "" {
		return membershipImportID{}, fmt.Errorf("the organization part of %q is not valid: %s. It must be %s",
			id, problem, organizationNameRule)
	}
	switch {
	case isUUID(member):
		return membershipImportID{Organization: org, UserID: strings.ToLower(member)}, nil
	case isEmail(member):
		return membershipImportID{Organization: org, Email: member}, nil
	}
	return membershipImportID{}, fmt.Errorf("the member part of %q is neither an email address nor a user UUID", id)
}
