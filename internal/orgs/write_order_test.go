package orgs

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// adminRecords plays an organization's admin flags with UbiOps' last-admin
// rule, and records the order of the writes it accepts.
type adminRecords struct {
	mu     sync.Mutex
	admins map[string]bool
	log    []string
}

func (a *adminRecords) set(name string, admin bool, took time.Duration) func() error {
	return func() error {
		time.Sleep(took)
		a.mu.Lock()
		defer a.mu.Unlock()
		if !admin && a.admins[name] && len(a.admins) == 1 {
			a.log = append(a.log, "refused "+name)
			return &ubiops.APIError{StatusCode: http.StatusBadRequest, Message: "The last admin of an organization cannot be changed to a regular user"}
		}
		if admin {
			a.admins[name] = true
		} else {
			delete(a.admins, name)
		}
		a.log = append(a.log, name+"=admin:"+map[bool]string{true: "yes", false: "no"}[admin])
		return nil
	}
}

// The handover tests run in a synctest bubble: time is the bubble's, so
// the waits are exact and take no real time.

// timedWrite is a membership write that Terraform starts after a delay.
type timedWrite struct {
	after time.Duration
	kind  WriteKind
	send  func() error
}

// applyConcurrently runs the writes to organization acme as Terraform does,
// in parallel, and returns the order in which org accepted or refused them.
func applyConcurrently(t *testing.T, org *adminRecords, writes ...timedWrite) string {
	t.Helper()
	d := &Service{writes: newWriteOrder()}
	errs := make(chan error, len(writes))
	for _, w := range writes {
		go func() {
			time.Sleep(w.after)
			errs <- d.OrderedMemberWrite(context.Background(), "acme", w.kind, w.send)
		}()
	}
	for range writes {
		if err := <-errs; err != nil {
			t.Fatalf("hand-over failed: %v (writes: %v)", err, org.log)
		}
	}
	return "[" + strings.Join(org.log, " ") + "]"
}

func TestHandoverDemotionRefusedFirstIsRetriedAfterThePromotion(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		org := &adminRecords{admins: map[string]bool{"a": true}}
		got := applyConcurrently(t, org,
			timedWrite{0, AdminLoss, org.set("a", false, 0)},
			// Terraform starts it a little later.
			timedWrite{300 * time.Millisecond, Promotion, org.set("b", true, 100*time.Millisecond)})
		if want := "[refused a b=admin:yes a=admin:no]"; got != want {
			t.Errorf("writes %s, want %s", got, want)
		}
	})
}

func TestHandoverDemotionWaitsForAPromotionInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		org := &adminRecords{admins: map[string]bool{"a": true}}
		got := applyConcurrently(t, org,
			timedWrite{0, Promotion, org.set("b", true, time.Second)},
			timedWrite{10 * time.Millisecond, AdminLoss, org.set("a", false, 0)})
		// Never refused: it waited for the promotion instead.
		if want := "[b=admin:yes a=admin:no]"; got != want {
			t.Errorf("writes %s, want %s", got, want)
		}
	})
}

func TestHandoverLastAdminIsRefusedOnceTheApplyIsQuiet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := &Service{writes: newWriteOrder()}
		org := &adminRecords{admins: map[string]bool{"a": true}}
		// Another organization's write keeps the apply busy for a while.
		busy := make(chan error, 1)
		go func() {
			busy <- d.OrderedMemberWrite(context.Background(), "other", OtherWrite, func() error { time.Sleep(5 * time.Second); return nil })
		}()
		synctest.Wait()
		start := time.Now()
		err := d.OrderedMemberWrite(context.Background(), "acme", AdminLoss, org.set("a", false, 0))
		if !ubiops.IsBadRequest(err) {
			t.Fatalf("error %v, want the last-admin refusal", err)
		}
		if waited := time.Since(start); waited != 5*time.Second+writeQuiet {
			t.Errorf("refusal reported after %s, want once the other write ended and %s passed quietly", waited, writeQuiet)
		}
		if err := <-busy; err != nil {
			t.Error(err)
		}
	})
}

func TestHandoverSelfDemotionGoesLast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Another admin exists, so no refusal would reveal a wrong order:
		// demoting oneself first would make the promotion after it fail.
		org := &adminRecords{admins: map[string]bool{"me": true, "c": true}}
		got := applyConcurrently(t, org,
			timedWrite{0, SelfAdminLoss, org.set("me", false, 0)},
			timedWrite{time.Second, Promotion, org.set("b", true, 0)})
		if want := "[b=admin:yes me=admin:no]"; got != want {
			t.Errorf("writes %s, want %s", got, want)
		}
	})
}

func TestHandoverWaitEndsWithTheContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := &Service{writes: newWriteOrder()}
		end := d.writes.begin("acme", true) // a promotion that never ends
		defer end()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		sent := false
		err := d.OrderedMemberWrite(ctx, "acme", AdminLoss, func() error { sent = true; return nil })
		if err != context.DeadlineExceeded || sent {
			t.Errorf("error %v, sent %v; want the deadline and nothing sent", err, sent)
		}
	})
}

func TestMemberWriteKind(t *testing.T) {
	cases := []struct {
		wasAdmin, isAdmin, removed, self bool
		want                             WriteKind
	}{
		{false, true, false, false, Promotion},
		{true, false, false, false, AdminLoss},
		{true, true, true, false, AdminLoss},
		{true, false, false, true, SelfAdminLoss},
		{true, false, true, true, SelfAdminLoss},
		{false, false, true, true, OtherWrite},
		{true, true, false, true, OtherWrite},
	}
	for _, c := range cases {
		if got := MemberWriteKind(c.wasAdmin, c.isAdmin, c.removed, c.self); got != c.want {
			t.Errorf("MemberWriteKind(%v, %v, %v, %v) = %d, want %d", c.wasAdmin, c.isAdmin, c.removed, c.self, got, c.want)
		}
	}
}
