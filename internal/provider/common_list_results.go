package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// lookupTimeout bounds the requests of the operations that have no timeouts
// block: a list in `terraform query`, and an import. A host that stops
// answering must not hold Terraform forever. A variable, so that a test can
// shorten it.
var lookupTimeout = defaultReadTimeout

// withLookupTimeout bounds ctx by lookupTimeout.
func withLookupTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, lookupTimeout)
}

// listed is one object a list resource found: what Terraform shows, the
// identity it imports by, and the resource's state when asked for.
type listed struct {
	displayName string
	identity    any
	resource    any
}

// streamListed turns found objects into list results, honouring Terraform's
// limit (0 means none) and include_resource. A fatal error is pushed as a
// result of its own after what was found before it.
func streamListed(ctx context.Context, req list.ListRequest, found []listed, diags diag.Diagnostics) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		for i, f := range found {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = f.displayName
			result.Diagnostics.Append(result.Identity.Set(ctx, f.identity)...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, f.resource)...)
			}
			if !push(result) {
				return
			}
		}
		if diags.HasError() {
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// nullTimeouts is the value of an unset timeouts block, as a listed
// resource's state has it: the attribute types come from the resource's
// schema, which the framework hands to every list request.
func nullTimeouts(ctx context.Context, req list.ListRequest, diags *diag.Diagnostics) timeouts.Value {
	blockType, d := req.ResourceSchema.TypeAtPath(ctx, path.Root("timeouts"))
	diags.Append(d...)
	attrTypes := map[string]attr.Type{}
	if object, ok := blockType.(attr.TypeWithAttributeTypes); ok {
		attrTypes = object.AttributeTypes()
	}
	return timeouts.Value{Object: types.ObjectNull(attrTypes)}
}
