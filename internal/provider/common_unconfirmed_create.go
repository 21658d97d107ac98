package provider

import (
	"context"
	"errors"
	"net"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/ubiops/terraform-provider-ubiops/internal/orgs"
	"github.com/ubiops/terraform-provider-ubiops/internal/plugin"
	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// A creation whose answer was lost, and whose object could not be looked
// up either (createOrAdopt), may or may not have happened. Reporting an
// error would leave nothing in the state, and the next run would try to
// create the object again and be told that it already exists. Instead the
// resource is kept in the state with only what was configured (its id
// null) and marked unconfirmed; the next refresh looks it up by its
// natural key, as after an import: found, it is kept; shown absent, it
// leaves the state and the plan creates it again.

// privateUnconfirmed marks, in private state, a resource whose creation
// was not confirmed; the plugin server answers such a creation without an
// identity.
const privateUnconfirmed = plugin.UnconfirmedCreateKey

// createUnconfirmed reports whether a failed creation's outcome is unknown:
// the request may have reached UbiOps. A connection that could not even be
// opened reached nothing, so it is an ordinary error. So is an answer that
// came but cannot be UbiOps' (a redirect, a success without the object):
// the host is not to be trusted, and nothing it said goes into the state.
func createUnconfirmed(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return false
	}
	if ubiops.IsBadAnswer(err) || ubiops.IsRedirect(err) || orgs.Settled(err) {
		return false
	}
	return ubiops.IsAmbiguous(err)
}

// markUnconfirmed records that the creation was not confirmed, and says
// what the next run will do about it.
func markUnconfirmed(ctx context.Context, private privateSetter, diags *diag.Diagnostics, what, key string, err error) {
	diags.Append(private.SetKey(ctx, privateUnconfirmed, []byte(`true`))...)
	diags.AddWarning("Not confirmed that "+what+" was created",
		"UbiOps did not answer the creation of "+what+" ("+err.Error()+"), and looking it up by "+key+" failed "+
			"too, so it is not known whether it exists. It is kept in the Terraform state without an id. The next "+
			"`terraform plan` or `terraform apply` looks it up by "+key+": if it exists, it is kept and whatever "+
			"this apply could not set is planned as a change; if it does not, it is planned for creation again.")
}

// unconfirmed reports whether the resource's creation was not confirmed.
func unconfirmed(ctx context.Context, private privateGetter, diags *diag.Diagnostics) bool {
	raw, d := private.GetKey(ctx, privateUnconfirmed)
	diags.Append(d...)
	return len(raw) > 0
}

// confirmCreated drops the mark once the object was found.
func confirmCreated(ctx context.Context, private privateSetter, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, privateUnconfirmed, nil)...)
}
