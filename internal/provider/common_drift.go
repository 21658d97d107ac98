package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// removedOutside warns that a refresh found members of org that the state
// holds removed outside Terraform: without it, the plan would only say they
// will be created, and nobody would learn that someone removed them. next
// says what the plan does about it.
func removedOutside(emails []string, org, next string, diags *diag.Diagnostics) {
	switch len(emails) {
	case 0:
		return
	case 1:
		diags.AddWarning(fmt.Sprintf("Member %s removed outside Terraform", emails[0]),
			fmt.Sprintf("%s was removed from organization %s outside Terraform (in the UbiOps web app, the API, or "+
				"another Terraform configuration) since the state was last refreshed. %s", emails[0], org, next))
	default:
		diags.AddWarning(fmt.Sprintf("%d members removed outside Terraform", len(emails)),
			fmt.Sprintf("These members were removed from organization %s outside Terraform (in the UbiOps web app, "+
				"the API, or another Terraform configuration) since the state was last refreshed: %s. %s",
				org, strings.Join(emails, ", "), next))
	}
}
