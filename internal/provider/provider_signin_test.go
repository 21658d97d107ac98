package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// TestServiceTokenRefusalExplainsServiceUsersAlone: a 403 to a service
// user's token is explained as UbiOps' rule for service users, with no
// advice to ask an admin for a membership that no admin can grant.
func TestServiceTokenRefusalExplainsServiceUsersAlone(t *testing.T) {
	client, err := ubiops.NewClient(ubiops.Config{Token: "Token 0123456789abcdef0123456789abcdef01234567"})
	if err != nil {
		t.Fatal(err)
	}
	token := setting{attribute: "api_token", value: "Token x", fromArgument: true, present: true, env: envToken}
	data := newProviderData(client, credentials{token: token})
	refusal := &ubiops.APIError{StatusCode: 403, Message: "Service users cannot act at organization level.", Method: "GET", Path: "/organizations"}
	var diags diag.Diagnostics
	data.addServiceTokenError(&diags, refusal)
	details := []string{diags[0].Detail(), data.apiErrorDetail(refusal, "an admin of the organization")}
	for _, detail := range details {
		if !strings.Contains(detail, "belongs to a service user") || strings.Contains(detail, "Ask an admin") {
			t.Errorf("detail %q: want the service-user explanation alone", detail)
		}
	}
	if !strings.Contains(details[0], "Service users cannot act at organization level.") {
		t.Errorf("detail %q lacks UbiOps' own message", details[0])
	}
}
