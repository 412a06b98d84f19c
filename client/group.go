package client

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

// A group is what one client knows of one object group: the view with the highest version
// it has seen (from the managers or from a member's Redirect), and the attempts in flight,
// so that a new view cancels those it made pointless. The resolver, the balancer's pickers
// and the interceptors of every connection to the group share it.
type group struct {
	id   string
	view atomic.Pointer[managerv1.View] // nil until the first view

	mu       sync.Mutex
	changed  chan struct{} // closed (and replaced) whenever view changes
	attempts map[*attempt]struct{}
	lastErr  error // the managers' last error, for ErrNoView
}

func newGroup(id string) *group {
	return &group{id: id, changed: make(chan struct{}), attempts: map[*attempt]struct{}{}}
}

// current returns the newest view (nil if none). The view must not be modified.
func (g *group) current() *managerv1.View { return g.view.Load() }

// watch returns the newest view and a channel closed when a newer one is adopted.
func (g *group) watch() (*managerv1.View, <-chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.view.Load(), g.changed
}

// adopt makes v the group's view if its version is higher than the one held, and cancels
// every attempt in flight whose target v makes wrong (a deposed primary, a removed member).
// It reports whether v was adopted. v is kept: the caller must not modify it afterwards.
func (g *group) adopt(v *managerv1.View) bool {
	if v == nil || v.GetGroupId() != g.id {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if cur := g.view.Load(); cur != nil && v.GetVersion() <= cur.GetVersion() {
		return false
	}
	// Store before reading the attempts' targets: an attempt sets its target before it
	// loads the view (attempt.setTarget), so one of the two sees the other.
	g.view.Store(v)
	g.lastErr = nil
	close(g.changed)
	g.changed = make(chan struct{})
	for a := range g.attempts {
		if t := a.getTarget(); t != nil && !serves(v, t) {
			a.cancel(errViewChanged)
		}
	}
	return true
}

func (g *group) setErr(err error) {
	g.mu.Lock()
	g.lastErr = err
	g.mu.Unlock()
}

func (g *group) err() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.lastErr
}

// errViewChanged is the cancellation cause of an attempt whose target a new view deposed or
// removed: the call is retried at once under the new view.
var errViewChanged = errors.New("the group's view changed during the call")

// An attempt is one sending of a call to one member. The interceptor makes it and passes it
// to the picker in the attempt's context; the picker chooses the member (target).
type attempt struct {
	g      *group
	view   *managerv1.View // the view the attempt is sent under
	avoid  map[string]bool // member ids that already failed this call (read-only)
	cancel context.CancelCauseFunc

	mu     sync.Mutex
	target *managerv1.Member
	stale  bool // the picker refused: the view changed between the start and the pick
}

type attemptKey struct{}

func withAttempt(ctx context.Context, a *attempt) context.Context {
	return context.WithValue(ctx, attemptKey{}, a)
}

func attemptFrom(ctx context.Context) *attempt {
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	return a
}

// begin starts an attempt under the newest view (nil if there is none yet). With track the
// attempt is registered, so that a view that deposes its target cancels it (unary calls;
// an established stream is not cancelled by a view change).
func (g *group) begin(ctx context.Context, avoid map[string]bool, track bool) (*attempt, context.Context, context.CancelCauseFunc) {
	actx, cancel := context.WithCancelCause(ctx)
	a := &attempt{g: g, avoid: avoid, cancel: cancel}
	g.mu.Lock()
	a.view = g.view.Load()
	if isPassive(a.view) {
		// The target of a passive call is known now: the primary of the view. Setting it
		// here, under the lock adopt takes, means no view can slip in unnoticed.
		a.target = member(a.view, a.view.GetPrimary())
	}
	if track {
		g.attempts[a] = struct{}{}
	}
	g.mu.Unlock()
	return a, withAttempt(actx, a), cancel
}

// end unregisters the attempt.
func (g *group) end(a *attempt) {
	g.mu.Lock()
	delete(g.attempts, a)
	g.mu.Unlock()
}

func (a *attempt) getTarget() *managerv1.Member {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.target
}

func (a *attempt) wasStale() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.stale
}

// setTarget records the member the picker chose, and reports false (marking the attempt
// stale) if a view newer than the attempt's was adopted meanwhile in which m does not serve.
func (a *attempt) setTarget(m *managerv1.Member) bool {
	a.mu.Lock()
	a.target = m
	a.mu.Unlock()
	cur := a.g.view.Load()
	if cur.GetVersion() > a.view.GetVersion() && !serves(cur, m) {
		a.mu.Lock()
		a.stale = true
		a.mu.Unlock()
		return false
	}
	return true
}

// isPassive reports whether v's style sends every call to the primary.
func isPassive(v *managerv1.View) bool {
	switch v.GetReplicationStyle() {
	case managerv1.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE, managerv1.ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE:
		return true
	}
	return false
}

// serves reports whether m may take calls under v: the primary (same id and address) of a
// passive view, or a member of any other view.
func serves(v *managerv1.View, m *managerv1.Member) bool {
	if isPassive(v) && v.GetPrimary() != m.GetMemberId() {
		return false
	}
	x := member(v, m.GetMemberId())
	return x != nil && x.GetAddress() == m.GetAddress()
}

// member returns v's member with the id, or nil.
func member(v *managerv1.View, id string) *managerv1.Member {
	if id == "" {
		return nil
	}
	for _, m := range v.GetMembers() {
		if m.GetMemberId() == id {
			return m
		}
	}
	return nil
}
