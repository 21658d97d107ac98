package provider

import (
	"context"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// stringRule is a plan-time check of a string attribute. Null and unknown
// values pass (unknown ones are checked once known); problem returns the
// error's summary and detail for a bad value, or "" when it is fine.
type stringRule struct {
	description string
	problem     func(at path.Path, value string) (summary, detail string)
}

// Description says what the rule requires.
func (r stringRule) Description(context.Context) string { return r.description }

// MarkdownDescription says what the rule requires.
func (r stringRule) MarkdownDescription(ctx context.Context) string { return r.Description(ctx) }

// ValidateString reports a value that breaks the rule on its attribute.
func (r stringRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if summary, detail := r.problem(req.Path, req.ConfigValue.ValueString()); summary != "" {
		resp.Diagnostics.AddAttributeError(req.Path, summary, detail)
	}
}

// organizationNameRule is the API's rule for organization names, in words.
const organizationNameRule = "1 to 64 characters long, made of lowercase letters, digits and dashes, starting with a lowercase letter"

var organizationNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)

// organizationNameValidator enforces the API's name rule at plan time.
func organizationNameValidator() stringRule {
	return stringRule{
		description: "must be " + organizationNameRule,
		problem: func(at path.Path, name string) (string, string) {
			if problem := organizationNameProblem(name); problem != "" {
				return "Invalid organization name",
					fmt.Sprintf("%s: %s. An organization name must be %s.", at, problem, organizationNameRule)
			}
			return "", ""
		},
	}
}

// organizationNameProblem says what is wrong with a name, or "" if nothing.
func organizationNameProblem(name string) string {
	switch {
	case name == "":
		return "the name is empty"
	case len(name) > 64:
		return fmt.Sprintf("%q is %d characters long", name, len(name))
	case name != strings.ToLower(name):
		return fmt.Sprintf("%q contains uppercase letters", name)
	case !organizationNamePattern.MatchString(name):
		return fmt.Sprintf("%q does not match the pattern ^[a-z][a-z0-9-]*$", name)
	}
	return ""
}

// maxEmailLength is the longest an email address can be (RFC 5321's limit
// on a path, less its angle brackets).
const maxEmailLength = 254

// emailValidator checks the shape of an email address at plan time.
func emailValidator() stringRule {
	return stringRule{
		description: fmt.Sprintf("must be a plain email address such as jane@example.com, at most %d characters long", maxEmailLength),
		problem: func(at path.Path, email string) (string, string) {
			if len(email) > maxEmailLength {
				return "Invalid email address", fmt.Sprintf("%s: the address is %d characters long, and an email "+
					"address has at most %d.", at, len(email), maxEmailLength)
			}
			if isEmail(email) {
				return "", ""
			}
			return "Invalid email address", fmt.Sprintf("%s: %q is not an email address. It must be a plain "+
				"address such as jane@example.com, without a display name or spaces.", at, email)
		},
	}
}

// isEmail accepts a bare address with a dotted domain: what UbiOps can send
// an invitation to.
func isEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return false
	}
	at := strings.LastIndex(s, "@")
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".") && !strings.HasPrefix(domain, ".")
}

// dateValidator checks a date in one of the layouts the API accepts;
// allowTimestamp also accepts RFC 3339 timestamps.
func dateValidator(allowTimestamp bool) stringRule {
	description := "must be a date as YYYY-MM-DD"
	if allowTimestamp {
		description = "must be a date as YYYY-MM-DD or an RFC 3339 timestamp"
	}
	return stringRule{
		description: description,
		problem: func(at path.Path, date string) (string, string) {
			if _, err := parseDate(date, allowTimestamp); err == nil {
				return "", ""
			}
			return "Invalid date", fmt.Sprintf("%s: %q is not a valid date: it %s.", at, date, description)
		},
	}
}

// parseDate reads YYYY-MM-DD, and RFC 3339 when allowTimestamp is set.
func parseDate(s string, allowTimestamp bool) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if allowTimestamp {
		return time.Parse(time.RFC3339, s)
	}
	return time.Time{}, fmt.Errorf("%q is not YYYY-MM-DD", s)
}

// durationValidator checks a Go duration such as "90s".
func durationValidator() stringRule {
	return stringRule{
		description: "must be a positive duration such as 90s or 5m",
		problem: func(at path.Path, value string) (string, string) {
			if d, err := time.ParseDuration(value); err == nil && d > 0 {
				return "", ""
			}
			return "Invalid duration", fmt.Sprintf("%s: %q is not a positive duration. Use a number with a "+
				"unit, such as 90s or 5m.", at, value)
		},
	}
}

// subscriptionValidator refuses a blank or padded subscription name: UbiOps
// would take "" for free, or refuse the padded name only after the
// organization's other settings were sent.
func subscriptionValidator() stringRule {
	return stringRule{
		description: "must be a subscription's name, such as free, without surrounding spaces",
		problem: func(at path.Path, name string) (string, string) {
			switch {
			case strings.TrimSpace(name) == "":
				return "Invalid subscription", fmt.Sprintf("%s: the subscription name is empty. Give the name of a "+
					"subscription, such as free, or leave %s out (UbiOps then assigns free).", at, at)
			case strings.TrimSpace(name) != name:
				return "Invalid subscription", fmt.Sprintf("%s: %q begins or ends with spaces. Write the "+
					"subscription's name without them, such as %q.", at, name, strings.TrimSpace(name))
			}
			return "", ""
		},
	}
}
