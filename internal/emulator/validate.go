package emulator

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// orgNamePattern is UbiOps' rule for organization names: lowercase letters,
// digits and dashes, starting with a lowercase letter.
var orgNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// maxOrgNameLength is the documented maximum length of an organization name.
const maxOrgNameLength = 64

// subscriptions are the subscription names the emulator accepts. UbiOps does
// not publish its list; these are the names its documentation and examples use.
var subscriptions = []string{"free", "starter", "professional", "premium", "enterprise"}

// defaultSubscription is assigned when a create request names none.
const defaultSubscription = "free"

// dateLayout is the YYYY-MM-DD format of subscription dates.
const dateLayout = "2006-01-02"

// validateOrgName checks the name rules except uniqueness, which needs the
// store.
func validateOrgName(name string) error {
	switch {
	case name == "":
		return badRequest("name: this field may not be blank")
	case len(name) > maxOrgNameLength:
		return badRequest(fmt.Sprintf("name: ensure this field has no more than %d characters", maxOrgNameLength))
	case !orgNamePattern.MatchString(name):
		return badRequest("name: may only contain lowercase letters, numbers and dashes, and must start with a lowercase letter")
	}
	return nil
}

// validateSubscription rejects subscription names the emulator does not know.
func validateSubscription(name string) error {
	for _, s := range subscriptions {
		if s == name {
			return nil
		}
	}
	return badRequest(fmt.Sprintf("subscription: unknown subscription %q (known: %s)", name, strings.Join(subscriptions, ", ")))
}

// validateDate checks a YYYY-MM-DD date for the named field.
func validateDate(field, value string) error {
	if _, err := time.Parse(dateLayout, value); err != nil {
		return badRequest(fmt.Sprintf("%s: date has wrong format, use YYYY-MM-DD", field))
	}
	return nil
}

// validateEmail checks the rough shape of an email address: something, an @,
// and a domain with a dot. Stricter checks would reject real addresses.
func validateEmail(email string) error {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || strings.ContainsAny(email, " \t\r\n<>,;\"") || strings.Contains(domain, "@") ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return badRequest("email: enter a valid email address")
	}
	return nil
}

// validateFreeEndDate enforces that a free subscription has no end date,
// because free subscriptions are always valid for a year.
func validateFreeEndDate(subscription string, endDate *string) error {
	if subscription == defaultSubscription && endDate != nil {
		return badRequest("subscription_end_date: a 'free' subscription cannot have a custom end date")
	}
	return nil
}
