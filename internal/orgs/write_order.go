package orgs

import (
	"context"
	"sync"
	"time"

	"github.com/ubiops/terraform-provider-ubiops/internal/ubiops"
)

// Terraform applies independent resources in parallel, so in an apply that
// hands admin over ("make B admin, then A not") the demotion of A may reach
// UbiOps before the promotion of B, and be refused by the last-admin rule.
// The provider sees the writes of one apply as they come, not the plan, so
// it orders them itself, per organization:
//
//   - a demotion or removal of an admin waits while a promotion in the same
//     organization is in flight; refused by the last-admin rule, it waits
//     for a promotion in that organization to complete and tries again, until
//     the apply has gone quiet (no other write of this provider running or
//     started for writeQuiet), which means no promotion is coming;
//   - a change that takes the signed-in user's own admin right waits for the
//     apply to go quiet first: afterwards it could not make the others.

// writeQuiet is how long the apply must have started and ended no write
// before a waiting write concludes that no other write is coming. Terraform
// starts a queued resource within moments of a slot freeing up; this bound
// leaves ample margin on a loaded machine.
const writeQuiet = 2 * time.Second

// writeOrder tracks the writes of one provider run.
type writeOrder struct {
	quiet time.Duration
	now   func() time.Time

	mu sync.Mutex
	// changed is closed and replaced whenever what the writes wait for
	// changes.
	changed chan struct{}
	// running counts the writes in flight, except those waiting here.
	running    int
	lastChange time.Time
	// promoting and promoted count, per organization, the promotions in
	// flight and those completed.
	promoting map[string]int
	promoted  map[string]int
}

func newWriteOrder() *writeOrder {
	return &writeOrder{
		quiet: writeQuiet, now: time.Now, changed: make(chan struct{}), lastChange: time.Now(),
		promoting: map[string]int{}, promoted: map[string]int{},
	}
}

// begin records a write in organization org; promotion marks one that
// makes an admin. The returned function ends it.
func (o *writeOrder) begin(org string, promotion bool) (end func()) {
	o.mu.Lock()
	o.running++
	if promotion {
		o.promoting[org]++
	}
	o.notifyLocked()
	o.mu.Unlock()
	return func() {
		o.mu.Lock()
		o.running--
		if promotion {
			o.promoting[org]--
			o.promoted[org]++
		}
		o.notifyLocked()
		o.mu.Unlock()
	}
}

func (o *writeOrder) notifyLocked() {
	o.lastChange = o.now()
	close(o.changed)
	o.changed = make(chan struct{})
}

// promotions is the number of promotions completed in org so far.
func (o *writeOrder) promotions(org string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.promoted[org]
}

// awaitPromotions waits, inside a write, while promotions in org are in
// flight.
func (o *writeOrder) awaitPromotions(ctx context.Context, org string) error {
	_, err := o.await(ctx, func() bool { return o.promoting[org] == 0 }, false)
	return err
}

// awaitQuiet waits, inside a write, until no other write is running or has
// started or ended for the quiet period.
func (o *writeOrder) awaitQuiet(ctx context.Context) error {
	_, err := o.await(ctx, func() bool { return false }, true)
	return err
}

// awaitPromotion waits, inside a write, for a promotion in org beyond the
// seen ones to complete (true), or for the apply to go quiet without one
// (false).
func (o *writeOrder) awaitPromotion(ctx context.Context, org string, seen int) (bool, error) {
	return o.await(ctx, func() bool { return o.promoted[org] > seen }, true)
}

// await waits until done holds (true), or, with untilQuiet, until no other
// write has run for the quiet period (false). The waiting write does not
// count as running meanwhile, so writes that wait for each other cannot
// keep the apply from going quiet.
func (o *writeOrder) await(ctx context.Context, done func() bool, untilQuiet bool) (bool, error) {
	o.mu.Lock()
	o.running--
	defer func() {
		o.running++
		o.mu.Unlock()
	}()
	for {
		if done() {
			return true, nil
		}
		wait := time.Duration(-1)
		if untilQuiet && o.running == 0 {
			if wait = o.quiet - o.now().Sub(o.lastChange); wait <= 0 {
				return false, nil
			}
		}
		changed := o.changed
		o.mu.Unlock()
		err := sleepUntil(ctx, changed, wait)
		o.mu.Lock()
		if err != nil {
			return false, err
		}
	}
}

// sleepUntil returns when changed is closed, after d (d < 0: never), or
// with ctx's error when it ends first.
func sleepUntil(ctx context.Context, changed <-chan struct{}, d time.Duration) error {
	var timeout <-chan time.Time
	if d >= 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case <-changed:
	case <-timeout:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// WriteKind says how a write to a membership takes part in the ordering.
type WriteKind int

const (
	// OtherWrite neither gives nor takes admin rights.
	OtherWrite WriteKind = iota
	// Promotion makes an admin.
	Promotion
	// AdminLoss demotes or removes an admin.
	AdminLoss
	// SelfAdminLoss demotes or removes the signed-in user, an admin.
	SelfAdminLoss
)

// MemberWriteKind classifies a write from the admin flag before and after
// (removed: the membership is deleted) and whether it is the signed-in
// user's own membership.
func MemberWriteKind(wasAdmin, isAdmin, removed, self bool) WriteKind {
	switch {
	case wasAdmin && (removed || !isAdmin) && self:
		return SelfAdminLoss
	case wasAdmin && (removed || !isAdmin):
		return AdminLoss
	case !wasAdmin && isAdmin && !removed:
		return Promotion
	}
	return OtherWrite
}

// OrderedMemberWrite runs send, a write to a membership of org, under the
// rules above. A loss of admin refused by the last-admin rule (400) is
// tried again after each promotion in org that completes meanwhile.
func (s *Service) OrderedMemberWrite(ctx context.Context, org string, kind WriteKind, send func() error) error {
	o := s.writes
	defer o.begin(org, kind == Promotion)()
	switch kind {
	case OtherWrite, Promotion:
		return send()
	case SelfAdminLoss:
		if err := o.awaitQuiet(ctx); err != nil {
			return err
		}
	case AdminLoss:
		if err := o.awaitPromotions(ctx, org); err != nil {
			return err
		}
	}
	for {
		seen := o.promotions(org)
		err := send()
		if !ubiops.IsBadRequest(err) {
			return err
		}
		if retry, waitErr := o.awaitPromotion(ctx, org, seen); waitErr != nil || !retry {
			return err
		}
	}
}
