package plugin

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// callKey marks the value a call's context carries, to see whether a
// context still holds its parent's values.
type callKey struct{}

// payload is what a call's context holds. Holding a pointer (the string),
// it gets an allocation of its own rather than sharing one with other small
// objects: its collection then says that nothing references it.
type payload struct{ call string }

// callContext is the context Terraform's calls arrive with: a value, a
// logger with a field, cancellation and a deadline. log receives what the
// logger writes.
func callContext(p *payload, log *bytes.Buffer) (context.Context, context.CancelFunc) {
	ctx := context.WithValue(context.Background(), callKey{}, p)
	ctx = tflogtest.RootLogger(ctx, log)
	ctx = tflog.SetField(ctx, "call_field", "from the call")
	ctx, cancel := context.WithCancel(ctx)
	return withDeadline{ctx, time.Now().Add(time.Hour)}, cancel
}

// withDeadline reports a deadline without arming a timer: a stopped timer
// may stay in the runtime's timer heap for a while, holding its context,
// which would make the collection checks below depend on the runtime's
// timer bookkeeping.
type withDeadline struct {
	context.Context
	deadline time.Time
}

func (c withDeadline) Deadline() (time.Time, bool) { return c.deadline, true }

// expectNothingOfTheParent fails unless ctx has no value, deadline, logger
// or cancellation left of the call context that log belongs to.
func expectNothingOfTheParent(t *testing.T, ctx context.Context, log *bytes.Buffer) {
	t.Helper()
	if v := ctx.Value(callKey{}); v != nil {
		t.Errorf("after the call the context still holds the call's value %T", v)
	}
	if d, ok := ctx.Deadline(); ok {
		t.Errorf("after the call the context still has the call's deadline %v", d)
	}
	log.Reset()
	tflog.Info(ctx, "logged after the call")
	if log.Len() != 0 {
		t.Errorf("after the call the context still logs through the call's logger: %s", log)
	}
}

// expectCollected fails unless the payload that only a call's context held
// is garbage collected while keep, derived from that context, is still
// reachable.
func expectCollected(t *testing.T, p weak.Pointer[payload], keep any) {
	t.Helper()
	runtime.GC()
	if p.Value() != nil {
		t.Error("the call's context is still reachable through the context kept after the call")
	}
	runtime.KeepAlive(keep)
}

func TestReleasableContextForgetsItsParent(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	p := &payload{call: t.Name()}
	parent, cancel := callContext(p, &log)
	defer cancel()
	released := newReleasableContext(parent)

	// Until release it is its parent.
	if released.Value(callKey{}) != p {
		t.Error("before release the context lacks its parent's value")
	}
	want, _ := parent.Deadline()
	if got, ok := released.Deadline(); !ok || !got.Equal(want) {
		t.Errorf("before release the deadline is %v (set: %v), want the parent's %v", got, ok, want)
	}
	if released.Done() != parent.Done() || released.Err() != nil {
		t.Error("before release the context is not cancelled with its parent")
	}
	tflog.Info(released, "logged during the call")
	entries, err := tflogtest.MultilineJSONDecode(&log)
	if err != nil || len(entries) != 1 || entries[0]["call_field"] != "from the call" {
		t.Errorf("before release the parent's logger wrote %v (%v), want one entry with its field", entries, err)
	}

	released.release()

	expectNothingOfTheParent(t, released, &log)
	// It ends, while its parent goes on.
	select {
	case <-released.Done():
	default:
		t.Error("after release Done is not closed")
	}
	if !errors.Is(released.Err(), context.Canceled) || parent.Err() != nil {
		t.Errorf("after release Err is %v and the parent's %v, want context.Canceled and nil", released.Err(), parent.Err())
	}
}

func TestReleasedContextLetsTheParentBeCollected(t *testing.T) {
	t.Parallel()
	released, p := releasedAfterCall()
	expectCollected(t, p, released)
}

// releasedAfterCall releases a context whose parent only it references and
// returns it with a weak pointer to the parent's value. A function of its
// own, so that no variable of the test keeps the parent alive.
//
//go:noinline
func releasedAfterCall() (*releasableContext, weak.Pointer[payload]) {
	var log bytes.Buffer
	p := &payload{call: "released after the call"}
	parent, cancel := callContext(p, &log)
	defer cancel()
	released := newReleasableContext(parent)
	released.release()
	return released, weak.Make(p)
}

// keepingServer stands in for terraform-plugin-framework, which derives a
// cancellable context from every call's and keeps it until the provider
// stops. The per-resource calls record their contexts in kept; the others
// are left to the nil embedded server and must not be called.
type keepingServer struct {
	tfprotov6.ProviderServer
	kept    []context.Context
	cancels []context.CancelFunc
	// held says, for each call, whether its context held the call's value
	// while the call ran.
	held []bool
}

func (s *keepingServer) keep(ctx context.Context) {
	derived, cancel := context.WithCancel(ctx)
	s.kept = append(s.kept, derived)
	s.cancels = append(s.cancels, cancel)
	s.held = append(s.held, ctx.Value(callKey{}) != nil)
}

func (s *keepingServer) ValidateResourceConfig(ctx context.Context, _ *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	s.keep(ctx)
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

func (s *keepingServer) UpgradeResourceState(ctx context.Context, _ *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	s.keep(ctx)
	return &tfprotov6.UpgradeResourceStateResponse{}, nil
}

func (s *keepingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s.keep(ctx)
	return &tfprotov6.ReadResourceResponse{}, nil
}

func (s *keepingServer) PlanResourceChange(ctx context.Context, _ *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	s.keep(ctx)
	return &tfprotov6.PlanResourceChangeResponse{}, nil
}

func (s *keepingServer) ApplyResourceChange(ctx context.Context, _ *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	s.keep(ctx)
	return &tfprotov6.ApplyResourceChangeResponse{}, nil
}

func (s *keepingServer) ImportResourceState(ctx context.Context, _ *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	s.keep(ctx)
	return &tfprotov6.ImportResourceStateResponse{}, nil
}

func (s *keepingServer) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	s.keep(ctx)
	return &tfprotov6.ReadDataSourceResponse{}, nil
}

// perInstanceCalls are the calls Terraform makes once per resource or data
// source instance, which the server must hand a releasing context.
var perInstanceCalls = map[string]func(context.Context, tfprotov6.ProviderServer) error{
	"ValidateResourceConfig": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{})
		return err
	},
	"UpgradeResourceState": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{})
		return err
	},
	"ReadResource": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{})
		return err
	},
	"PlanResourceChange": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{})
		return err
	},
	"ApplyResourceChange": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{})
		return err
	},
	"ImportResourceState": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{})
		return err
	},
	"ReadDataSource": func(ctx context.Context, s tfprotov6.ProviderServer) error {
		_, err := s.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{})
		return err
	},
}

// TestServerReleasesEveryPerInstanceCall: what the framework keeps of a
// call once it has returned holds nothing of the call's context, so a plan
// of thousands of instances does not keep thousands of loggers.
func TestServerReleasesEveryPerInstanceCall(t *testing.T) {
	t.Parallel()
	if _, ok := NewServer(emptyProvider{})().(releasingServer); !ok {
		t.Fatal("NewServer does not serve the provider through releasingServer")
	}
	for name, call := range perInstanceCalls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			inner := &keepingServer{}
			var log bytes.Buffer
			p := callThrough(t, releasingServer{inner}, call, &log)
			if len(inner.kept) != 1 {
				t.Fatalf("the call reached the framework %d times, want once", len(inner.kept))
			}
			if !inner.held[0] {
				t.Error("during the call the context lacked the call's value")
			}
			kept := inner.kept[0]
			expectNothingOfTheParent(t, kept, &log)
			expectCollected(t, p, inner)
		})
	}
}

// callThrough makes one call with a fresh call context that nothing but the
// server sees, and returns a weak pointer to the context's value.
//
//go:noinline
func callThrough(t *testing.T, server tfprotov6.ProviderServer, call func(context.Context, tfprotov6.ProviderServer) error, log *bytes.Buffer) weak.Pointer[payload] {
	t.Helper()
	p := &payload{call: t.Name()}
	ctx, cancel := callContext(p, log)
	defer cancel()
	if err := call(ctx, server); err != nil {
		t.Fatal(err)
	}
	return weak.Make(p)
}
