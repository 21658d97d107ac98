package plugin

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// terraform-plugin-framework requires a resource identity after every
// successful create and read, even when there is no object to identify:
// when a read shows the object gone (state written before identities
// existed has no identity to keep), or when a creation's answer was lost and
// it is not known whether the object exists (see internal/provider/common_unconfirmed_create.go).
// Terraform itself accepts no identity in both cases, so the server drops
// the framework's error there and answers without one. Everywhere else the
// error stands.

// UnconfirmedCreateKey is the private-state key a provider sets on a
// resource whose creation may or may not have happened (its answer was
// lost): the server then answers the creation without an identity.
const UnconfirmedCreateKey = "unconfirmed_create"

// Summaries of the framework's errors (terraform-plugin-framework v1.19).
const (
	missingIdentityAfterCreate = "Missing Resource Identity After Create"
	missingIdentityAfterRead   = "Missing Resource Identity After Read"
)

// frameworkServer is the framework's protocol 6 server, list calls included.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
}

// identityRules wraps the framework's server with the rule above.
type identityRules struct {
	frameworkServer
}

// withIdentityRules applies the rule above to server.
func withIdentityRules(server tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	if framework, ok := server.(frameworkServer); ok {
		return identityRules{framework}
	}
	return server
}

// ReadResource answers without an identity when the object is gone.
func (s identityRules) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.frameworkServer.ReadResource(ctx, req)
	if err == nil && resp != nil && isNullState(resp.NewState) {
		var dropped bool
		if resp.Diagnostics, dropped = dropError(resp.Diagnostics, missingIdentityAfterRead); dropped {
			resp.NewIdentity = nil
		}
	}
	return resp, err
}

// ApplyResourceChange answers without an identity when a creation was not
// confirmed.
func (s identityRules) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.frameworkServer.ApplyResourceChange(ctx, req)
	if err == nil && resp != nil && privateHasKey(resp.Private, UnconfirmedCreateKey) {
		var dropped bool
		if resp.Diagnostics, dropped = dropError(resp.Diagnostics, missingIdentityAfterCreate); dropped {
			resp.NewIdentity = nil
		}
	}
	return resp, err
}

// dropError removes the error diagnostics with the summary, reporting
// whether there were any.
func dropError(diags []*tfprotov6.Diagnostic, summary string) ([]*tfprotov6.Diagnostic, bool) {
	kept := diags[:0:0]
	for _, d := range diags {
		if d != nil && d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == summary {
			continue
		}
		kept = append(kept, d)
	}
	return kept, len(kept) != len(diags)
}

// isNullState reports whether a state is absent or null: the object is gone.
func isNullState(state *tfprotov6.DynamicValue) bool {
	if state == nil {
		return true
	}
	if len(state.MsgPack) > 0 {
		// msgpack encodes null as the single byte 0xc0.
		return len(state.MsgPack) == 1 && state.MsgPack[0] == 0xc0
	}
	return len(state.JSON) == 0 || string(state.JSON) == "null"
}

// privateHasKey reports whether the framework's private state, a JSON
// object, holds key.
func privateHasKey(private []byte, key string) bool {
	var entries map[string]json.RawMessage
	if json.Unmarshal(private, &entries) != nil {
		return false
	}
	_, ok := entries[key]
	return ok
}
