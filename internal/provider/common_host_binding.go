package provider

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Every object in the state belongs to the UbiOps host it was created or
// imported through, and remembers it in private state. The same account
// can exist on another host (a second region, a test installation, the
// emulator), with an organization of the same name; read through that
// host, an object would look gone or changed, and the state would lose it
// or take in another object's values. So an object read, changed or
// destroyed through another host is an error, with nothing read or
// changed. State written before objects remembered their host is bound to
// the host it is next read through.

// privateHost is the private-state key of the object's API host.
const privateHost = "api_host"

type privateHostValue struct {
	Host string `json:"host"`
}

// normalizedHost is the form in which hosts are compared: scheme and host
// in lower case, no trailing slash.
func normalizedHost(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return strings.TrimRight(raw, "/")
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	u.Path = strings.TrimRight(u.Path, "/")
	return u.String()
}

// bindHost records that the object belongs to the provider's host.
func bindHost(ctx context.Context, data *providerData, private privateSetter, diags *diag.Diagnostics) {
	raw, _ := json.Marshal(privateHostValue{Host: normalizedHost(data.client.BaseURL())})
	diags.Append(private.SetKey(ctx, privateHost, raw)...)
}

// onBoundHost reports whether the provider talks to the host the object
// belongs to; when it does not, the diagnostics say so for what (such as
// "Organization acme"). An object that remembers no host is bound to this
// one, through out (nil when the response has no private state to write).
func onBoundHost(ctx context.Context, data *providerData, in privateGetter, out privateSetter, what string, diags *diag.Diagnostics) bool {
	raw, d := in.GetKey(ctx, privateHost)
	diags.Append(d...)
	var bound privateHostValue
	if len(raw) == 0 || json.Unmarshal(raw, &bound) != nil || bound.Host == "" {
		if out != nil {
			bindHost(ctx, data, out, diags)
		}
		return true
	}
	current := normalizedHost(data.client.BaseURL())
	if bound.Host == current {
		return true
	}
	diags.AddError(what+" belongs to another UbiOps host",
		what+" was created or imported through UbiOps at "+bound.Host+", but the provider now talks to "+current+
			". Nothing was read or changed. Set the provider's host back to "+bound.Host+"; or, to move it to "+
			current+" deliberately, replace its resource block with a `removed` block (`lifecycle { destroy = false }`) "+
			"and import it through "+current+", as an object of that host.")
	return false
}
