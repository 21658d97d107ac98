package orgs

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Every answer is matched to its request before anything of it is used: a
// member's creation must answer the address that was added (by EmailKey),
// a member's update the user id that was sent, an organization's read or
// update the organization that was asked for. An answer about another
// object may come from a proxy, a cache or a bug in between; recording it
// would put another person's id into the state, and a later plan would
// remove that person. Such an answer is a *MismatchedAnswer, which the
// resources report with nothing of the answer recorded.

// MismatchedAnswer is a success answer that holds another object than the
// one the request was about.
type MismatchedAnswer struct {
	// Host is the API's base URL.
	Host string
	// Request says what was asked ("the addition of m@example.com to
	// organization acme").
	Request string
	// Got describes what came back ("the record of another member,
	// bob@example.com (user id ...)").
	Got string
	// Next says what becomes of the object the request was about.
	Next string
}

// Error names the host, what was asked, what came back and what happens
// next.
func (e *MismatchedAnswer) Error() string {
	return fmt.Sprintf("UbiOps at %s answered %s with %s. Nothing of that answer was recorded: an answer that is "+
		"not about what was asked cannot be trusted, and recording it could make a later plan change or remove "+
		"somebody else. %s If this happens again, check what answers at the provider's host (a proxy or gateway "+
		"between Terraform and UbiOps may answer in its place).", e.Host, e.Request, e.Got, e.Next)
}

func (e *MismatchedAnswer) settled() {}

// settledError is an error that comes from an answer UbiOps gave, read by
// the rules: the request was answered, so its outcome is not unknown.
type settledError interface {
	error
	settled()
}

// Settled reports whether err ends a creation with a known outcome even
// though UbiOps answered no error status: an answer about another object
// (*MismatchedAnswer), or a membership or organization that exists already
// and is not taken over (*AlreadyMemberError, *OrganizationTakenError).
// Such a creation is neither retried nor left unconfirmed.
func Settled(err error) bool {
	var settled settledError
	return errors.As(err, &settled)
}

// IsMismatchedAnswer reports whether err is a *MismatchedAnswer.
func IsMismatchedAnswer(err error) bool {
	var mismatch *MismatchedAnswer
	return errors.As(err, &mismatch)
}

// anotherMember describes a member record that is not the one asked for.
func anotherMember(got *ubiops.OrganizationUser) string {
	return fmt.Sprintf("the record of another member, %s (user id %s)", got.Email, got.ID)
}

// checkAdded matches the answer to the addition of email to org.
func (s *Service) checkAdded(org, email string, got *ubiops.OrganizationUser) error {
	if SameEmail(got.Email, email) {
		return nil
	}
	return &MismatchedAnswer{
		Host:    s.client.BaseURL(),
		Request: fmt.Sprintf("the addition of %s to organization %s", email, org),
		Got:     anotherMember(got),
		Next: fmt.Sprintf("The addition may have been made all the same: the next apply looks %s up in the "+
			"organization's member list and takes the membership over if it is there with the configured admin flag.", email),
	}
}

// checkUpdated matches the answer to a change of the member with user id id.
func (s *Service) checkUpdated(org, id string, got *ubiops.OrganizationUser) error {
	if strings.EqualFold(got.ID, id) {
		return nil
	}
	return &MismatchedAnswer{
		Host:    s.client.BaseURL(),
		Request: fmt.Sprintf("the change of the member with user id %s in organization %s", id, org),
		Got:     anotherMember(got),
		Next: "The state keeps the member as it was. The change may have been made all the same: the next plan " +
			"reads the member list and shows what is left to do.",
	}
}

// checkOrganization matches an answer about the organization named name
// (with UUID id, when known). An organization answers under the name it
// was asked for: a rename is found through the list of the signed-in
// user's organizations, by UUID, never by believing another name under the
// same UUID.
func (s *Service) checkOrganization(name, id string, got *ubiops.Organization) error {
	if strings.EqualFold(got.Name, name) && (id == "" || strings.EqualFold(got.ID, id)) {
		return nil
	}
	asked := "the request for organization " + name
	if id != "" {
		asked += " (UUID " + id + ")"
	}
	return &MismatchedAnswer{
		Host:    s.client.BaseURL(),
		Request: asked,
		Got:     fmt.Sprintf("organization %s (UUID %s)", got.Name, got.ID),
		Next:    "The state keeps the organization as it was.",
	}
}
