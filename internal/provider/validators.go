package provider

import (
	"context"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// organizationNameRule is the API's rule for organization names, in words.
const organizationNameRule = "1 to 64 characters long, made of lowercase letters, digits and dashes, starting with a lowercase letter"

var organizationNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)

// organizationNameValidator enforces the API's name rule at plan time.
type organizationNameValidator struct{}

func (organizationNameValidator) Description(context.Context) string {
	return "must be " + organizationNameRule
}

func (v organizationNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (organizationNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := organizationNameProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid organization name",
			fmt.Sprintf("%s: %s. An organization name must be %s.", req.Path, problem, organizationNameRule))
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

// emailValidator checks the shape of an email address at plan time.
type emailValidator struct{}

func (emailValidator) Description(context.Context) string {
	return "must be a plain email address such as jane@example.com"
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !isEmail(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid email address",
			fmt.Sprintf("%s: %q is not an email address. It must be a plain address such as jane@example.com, "+
				"without a display name or spaces.", req.Path, req.ConfigValue.ValueString()))
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

// dateValidator checks a date in one of the layouts the API accepts.
type dateValidator struct {
	// allowTimestamp also accepts RFC 3339 timestamps.
	allowTimestamp bool
}

func (v dateValidator) Description(context.Context) string {
	if v.allowTimestamp {
		return "must be a date as YYYY-MM-DD or an RFC 3339 timestamp"
	}
	return "must be a date as YYYY-MM-DD"
}

func (v dateValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v dateValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseDate(req.ConfigValue.ValueString(), v.allowTimestamp); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date",
			fmt.Sprintf("%s: %q is not a valid date: it %s.", req.Path, req.ConfigValue.ValueString(), v.Description(ctx)))
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
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as 90s or 5m"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s: %q is not a positive duration. Use a number with a unit, such as 90s or 5m.",
				req.Path, req.ConfigValue.ValueString()))
	}
}
