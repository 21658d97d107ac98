// Package plugin serves a Terraform provider over protocol 6: the server
// wrappers the framework needs for large plans and resource identities, and
// the process setup (garbage collection, log silencing, CPU profile).
package plugin

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer returns the provider as a protocol 6 server, for tf6server.Serve
// and for tests.
//
// terraform-plugin-framework keeps a cancel function for the context of
// every call until Terraform stops the provider, and through it the whole
// context: the call's loggers and their fields. A plan of a thousand
// memberships makes thousands of calls, so that grows to well over 100 MiB.
// The server returned here hands each call a context that lets go of the
// call's own context when the call returns, which leaves the framework only
// a few bytes to keep per call.
func NewServer(p provider.Provider) func() tfprotov6.ProviderServer {
	framework := providerserver.NewProtocol6(p)
	return func() tfprotov6.ProviderServer { return releasingServer{withIdentityRules(framework())} }
}

// releasingServer wraps the calls that Terraform makes once per resource
// instance; the others are few and pass through.
type releasingServer struct {
	tfprotov6.ProviderServer
}

// ValidateResourceConfig lets go of the context of one resource instance's validation when it returns.
func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return withReleasedContext(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

// UpgradeResourceState lets go of the context of one resource instance's state upgrade when it returns.
func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return withReleasedContext(ctx, req, s.ProviderServer.UpgradeResourceState)
}

// ReadResource lets go of the context of one resource instance's refresh when it returns.
func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return withReleasedContext(ctx, req, s.ProviderServer.ReadResource)
}

// PlanResourceChange lets go of the context of one resource instance's plan when it returns.
func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return withReleasedContext(ctx, req, s.ProviderServer.PlanResourceChange)
}

// ApplyResourceChange lets go of the context of one resource instance's apply when it returns.
func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return withReleasedContext(ctx, req, s.ProviderServer.ApplyResourceChange)
}

// ImportResourceState lets go of the context of one resource instance's import when it returns.
func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return withReleasedContext(ctx, req, s.ProviderServer.ImportResourceState)
}

// ReadDataSource lets go of the context of one resource instance's data source read when it returns.
func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return withReleasedContext(ctx, req, s.ProviderServer.ReadDataSource)
}

// withReleasedContext runs call with a context that stops holding ctx
// once call returns, so the framework keeps only that small context.
func withReleasedContext[Req, Resp any](ctx context.Context, req Req, call func(context.Context, Req) (Resp, error)) (Resp, error) {
	released := newReleasableContext(ctx)
	defer released.release()
	return call(released, req)
}

// releasableContext behaves as its parent until release, and afterwards as
// a cancelled context with no values, holding nothing of the parent.
type releasableContext struct {
	current atomic.Pointer[context.Context]
}

// endedContext is what a released context becomes.
var endedContext = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

func newReleasableContext(parent context.Context) *releasableContext {
	c := &releasableContext{}
	c.current.Store(&parent)
	return c
}

func (c *releasableContext) release() { c.current.Store(&endedContext) }

func (c *releasableContext) get() context.Context { return *c.current.Load() }

// Deadline implements context.Context.
func (c *releasableContext) Deadline() (time.Time, bool) { return c.get().Deadline() }

// Done implements context.Context.
func (c *releasableContext) Done() <-chan struct{} { return c.get().Done() }

// Err implements context.Context.
func (c *releasableContext) Err() error { return c.get().Err() }

// Value implements context.Context.
func (c *releasableContext) Value(key any) any { return c.get().Value(key) }
