package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// apiVersionPath is the path every UbiOps API base URL ends in.
const apiVersionPath = "/v2.1"

// resolveHost takes the host from its argument, else UBIOPS_API_HOST, else
// the public API (ubiops.ParseHost applies the default and the rules). A
// blank value is an error rather than the public API: a template whose
// variable came out empty must not silently reach production.
func resolveHost(v types.String, diags *diag.Diagnostics) setting {
	host := resolveSetting(v, "host", envHost)
	switch {
	case !host.present:
		if u, err := ubiops.ParseHost(""); err == nil {
			host.value = u.String()
		}
	case !host.set():
		host.addError(diags, "Empty UbiOps API host", capitalized(host.source())+" is set but empty. Set it to the base URL "+
			"of the UbiOps API, such as "+ubiops.DefaultHost+", or remove it to use that one.")
	default:
		if _, err := ubiops.ParseHost(host.value); err != nil {
			host.addError(diags, "Invalid UbiOps API host", capitalized(host.source())+": "+err.Error())
		}
	}
	return host
}

// hostCheckDetail explains a failed host check and suggests the likely fix.
// An answer that was not UbiOps' is shown as it came; anything else (no
// connection, server trouble) gets the usual API error detail.
func hostCheckDetail(host setting, err error, data *providerData) string {
	detail := data.apiErrorDetail(err, "")
	if ubiops.IsHostCheckFailed(err) {
		detail = err.Error() + "."
	}
	if ubiops.IsTimeout(err) || ubiops.IsCertificateError(err) {
		return detail // the hint says what to do; the URL's path is not the cause
	}
	detail += fmt.Sprintf("\n\n%s must be the base URL of the UbiOps API v2.1, such as %s (or "+
		"http://127.0.0.1:8750/v2.1 for a local UbiOps API emulator).", capitalized(host.source()), ubiops.DefaultHost)
	if trimmed := strings.TrimRight(host.value, "/"); !strings.HasSuffix(trimmed, apiVersionPath) {
		detail += fmt.Sprintf(" It does not end in %s: did you mean %s%s?", apiVersionPath, trimmed, apiVersionPath)
	}
	return detail
}

// anyUnknown reports whether any of the values is only known after apply.
func anyUnknown(values ...types.String) bool {
	for _, v := range values {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}
