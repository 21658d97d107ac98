package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// removedOutside warns that a refresh found members of org that the state
// holds removed: without it, the plan would only say they will be created,
// and nobody would learn that someone removed them. Terraform itself may
// have removed them in a run that was killed before it recorded the
// removal (the state still holds what UbiOps no longer does), so the
// warning names that cause too. next says what the plan does about it.
func removedOutside(emails []string, org, next string, diags *diag.Diagnostics) {
	const causes = "outside Terraform (in the UbiOps web app, the API, or another Terraform configuration), or by a " +
		"Terraform run that was interrupted before it recorded the removal, since the state was last refreshed"
	switch len(emails) {
	case 0:
		return
	case 1:
		diags.AddWarning(fmt.Sprintf("Member %s removed since the last refresh", emails[0]),
			fmt.Sprintf("%s was removed from organization %s %s. %s", emails[0], org, causes, next))
	default:
		diags.AddWarning(fmt.Sprintf("%d members removed since the last refresh", len(emails)),
			fmt.Sprintf("These members were removed from organization %s %s: %s. %s",
				org, causes, strings.Join(emails, ", "), next))
	}
}
