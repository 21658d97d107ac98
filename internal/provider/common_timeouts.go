package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// Default operation timeouts. They are generous because a rate-limited
// client waits for windows to reset.
const (
	defaultCreateTimeout = 20 * time.Minute
	defaultReadTimeout   = 10 * time.Minute
	defaultUpdateTimeout = 20 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

// withTimeout bounds ctx by the timeouts block's value for one operation
// (get is, for example, plan.Timeouts.Create). ok is false when the value
// cannot be read; the diagnostics then say why.
func withTimeout(ctx context.Context, diags *diag.Diagnostics,
	get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	fallback time.Duration) (_ context.Context, _ context.CancelFunc, ok bool) {
	d, getDiags := get(ctx, fallback)
	diags.Append(getDiags...)
	if getDiags.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, true
}

// timeoutsBlock is the resources' timeouts block, described for the docs.
func timeoutsBlock(ctx context.Context, opts timeouts.Opts) schema.Block {
	block := timeouts.Block(ctx, opts)
	nested, ok := block.(schema.SingleNestedBlock)
	if !ok {
		return block
	}
	// Only the operations the block has: an organization has no delete
	// timeout, since destroying it sends no request.
	var defaults []string
	for _, op := range []struct {
		name string
		in   bool
		d    time.Duration
	}{
		{"create", opts.Create, defaultCreateTimeout},
		{"read", opts.Read, defaultReadTimeout},
		{"update", opts.Update, defaultUpdateTimeout},
		{"delete", opts.Delete, defaultDeleteTimeout},
	} {
		if op.in {
			defaults = append(defaults, fmt.Sprintf("%s %.0fm", op.name, op.d.Minutes()))
		}
	}
	nested.Description = fmt.Sprintf("How long each operation may take before it fails, as durations such as "+
		"`90s` or `10m`. The defaults (%s) leave room for waiting on UbiOps' rate limits.", strings.Join(defaults, ", "))
	return nested
}
