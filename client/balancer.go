package client

import (
	"errors"
	"fmt"
	"sync/atomic"

	"google.golang.org/grpc/balancer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/status"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

// BalancerName is the name the group balancer is registered under (balancer.Register). The
// resolver selects it through the service config it publishes; a connection to a warden
// target needs no other configuration.
const BalancerName = "warden_group"

func init() { balancer.Register(balancerBuilder{}) }

type balancerBuilder struct{}

func (balancerBuilder) Name() string { return BalancerName }

func (balancerBuilder) Build(cc balancer.ClientConn, _ balancer.BuildOptions) balancer.Balancer {
	return &groupBalancer{cc: cc, scs: map[string]*subConn{}, rr: new(atomic.Uint64)}
}

// groupBalancer keeps one SubConn per member address of the view (connected all the time,
// so that a backup is ready when it becomes the primary), and makes pickers that send to the
// primary of passive groups and round-robin over the ready members of the others. gRPC
// calls its methods and the SubConns' state listeners one at a time.
type groupBalancer struct {
	cc   balancer.ClientConn
	view *managerv1.View
	scs  map[string]*subConn // by address
	rr   *atomic.Uint64      // shared by the pickers, so a new picker does not restart the round
}

type subConn struct {
	sc    balancer.SubConn
	addr  string
	state connectivity.State
	err   error // the last connection error
}

func (b *groupBalancer) UpdateClientConnState(s balancer.ClientConnState) error {
	v := viewOf(s.ResolverState)
	if v == nil {
		b.ResolverError(errors.New("the resolver gave no group view (is the target warden:///GROUP with the client's dial options?)"))
		return balancer.ErrBadResolverState
	}
	b.view = v
	want := map[string]bool{}
	for _, m := range v.GetMembers() {
		if a := m.GetAddress(); a != "" {
			want[a] = true
			if _, ok := b.scs[a]; !ok {
				b.newSubConn(a)
			}
		}
	}
	for a, s := range b.scs {
		if !want[a] {
			if s.sc != nil {
				s.sc.Shutdown()
			}
			delete(b.scs, a)
		}
	}
	b.update()
	return nil
}

func (b *groupBalancer) newSubConn(addr string) {
	s := &subConn{addr: addr, state: connectivity.Idle}
	sc, err := b.cc.NewSubConn([]resolver.Address{{Addr: addr}}, balancer.NewSubConnOptions{
		StateListener: func(st balancer.SubConnState) { b.subConnState(s, st) },
	})
	if err != nil {
		s.state, s.err = connectivity.TransientFailure, err
	}
	s.sc = sc
	b.scs[addr] = s
	if sc != nil {
		sc.Connect()
	}
}

func (b *groupBalancer) subConnState(s *subConn, st balancer.SubConnState) {
	if b.scs[s.addr] != s { // shut down: replaced or removed
		return
	}
	s.state = st.ConnectivityState
	switch s.state {
	case connectivity.Idle:
		s.sc.Connect() // stay connected to every member
	case connectivity.TransientFailure:
		s.err = st.ConnectionError
	case connectivity.Ready:
		s.err = nil
	}
	b.update()
}

func (b *groupBalancer) ResolverError(err error) {
	if b.view == nil {
		b.cc.UpdateState(balancer.State{ConnectivityState: connectivity.TransientFailure, Picker: errPicker{err}})
	}
}

// UpdateSubConnState is not used: every SubConn has a StateListener.
func (b *groupBalancer) UpdateSubConnState(balancer.SubConn, balancer.SubConnState) {}

func (b *groupBalancer) Close() {
	for a, s := range b.scs {
		if s.sc != nil {
			s.sc.Shutdown()
		}
		delete(b.scs, a)
	}
}

func (b *groupBalancer) ExitIdle() {
	for _, s := range b.scs {
		if s.sc != nil && s.state == connectivity.Idle {
			s.sc.Connect()
		}
	}
}

// update makes a picker from the current view and SubConn states and hands it to gRPC.
func (b *groupBalancer) update() {
	p := &picker{view: b.view, rr: b.rr, conns: map[string]subConnSnap{}}
	for a, s := range b.scs {
		p.conns[a] = subConnSnap{sc: s.sc, state: s.state, err: s.err}
	}
	for _, m := range b.view.GetMembers() {
		if s, ok := p.conns[m.GetAddress()]; ok && s.state == connectivity.Ready && m.GetState() == managerv1.MemberState_MEMBER_STATE_READY {
			p.ready = append(p.ready, m)
		}
	}
	b.cc.UpdateState(balancer.State{ConnectivityState: p.state(), Picker: p})
}

type subConnSnap struct {
	sc    balancer.SubConn
	state connectivity.State
	err   error
}

// A picker is an immutable snapshot of the balancer. Passive groups: the primary of the
// attempt's view (the view the call carries), so that the member and the view_version
// agree. Other styles: round-robin over the ready members, skipping those the call already
// failed on while others remain.
type picker struct {
	view  *managerv1.View
	conns map[string]subConnSnap // by address
	ready []*managerv1.Member    // members of view whose SubConn is READY, in view order
	rr    *atomic.Uint64
}

// state is the connection's state as gRPC reports it: READY when the picker can send now.
func (p *picker) state() connectivity.State {
	if isPassive(p.view) {
		pm := member(p.view, p.view.GetPrimary())
		if pm == nil {
			return connectivity.TransientFailure
		}
		if s, ok := p.conns[pm.GetAddress()]; ok {
			if s.state == connectivity.Shutdown {
				return connectivity.TransientFailure
			}
			return s.state
		}
		return connectivity.TransientFailure
	}
	if len(p.ready) > 0 {
		return connectivity.Ready
	}
	for _, s := range p.conns {
		if s.state == connectivity.Connecting || s.state == connectivity.Idle {
			return connectivity.Connecting
		}
	}
	return connectivity.TransientFailure
}

// Errors a picker returns. A plain error fails a call that does not wait for ready with
// UNAVAILABLE (the interceptor then retries); a call that waits for ready waits for the
// next picker. A status error ends the call at once: only for an attempt that must be
// started again under the new view.
func (p *picker) Pick(info balancer.PickInfo) (balancer.PickResult, error) {
	a := attemptFrom(info.Ctx)
	if isPassive(p.view) || (a != nil && isPassive(a.view)) {
		return p.pickPrimary(a)
	}
	return p.pickAny(a)
}

func (p *picker) pickPrimary(a *attempt) (balancer.PickResult, error) {
	v := p.view
	if a != nil && a.view != nil {
		v = a.view
	}
	pm := member(v, v.GetPrimary())
	switch {
	case pm == nil:
		return balancer.PickResult{}, fmt.Errorf("group %s: view epoch %d has no primary", v.GetGroupId(), v.GetEpoch())
	case pm.GetAddress() == "":
		return balancer.PickResult{}, fmt.Errorf("group %s: primary %s at %s has no address yet (%s)", v.GetGroupId(), pm.GetMemberId(), pm.GetLocation(), pm.GetState())
	}
	s, ok := p.conns[pm.GetAddress()]
	if !ok {
		// The balancer has not seen the attempt's view yet: the resolver is publishing it.
		return balancer.PickResult{}, balancer.ErrNoSubConnAvailable
	}
	switch s.state {
	case connectivity.Ready:
	case connectivity.TransientFailure, connectivity.Shutdown:
		return balancer.PickResult{}, fmt.Errorf("group %s: primary %s at %s (%s): %v", v.GetGroupId(), pm.GetMemberId(), pm.GetLocation(), pm.GetAddress(), s.err)
	default:
		return balancer.PickResult{}, balancer.ErrNoSubConnAvailable
	}
	if a != nil && !a.setTarget(pm) {
		return balancer.PickResult{}, status.Errorf(codes.Unavailable, "group %s: %v", v.GetGroupId(), errViewChanged)
	}
	return balancer.PickResult{SubConn: s.sc}, nil
}

func (p *picker) pickAny(a *attempt) (balancer.PickResult, error) {
	if len(p.ready) == 0 {
		var last error
		for _, s := range p.conns {
			if s.state == connectivity.Connecting || s.state == connectivity.Idle {
				return balancer.PickResult{}, balancer.ErrNoSubConnAvailable
			}
			if s.err != nil {
				last = s.err
			}
		}
		if last == nil {
			return balancer.PickResult{}, fmt.Errorf("group %s: no ready member in view epoch %d", p.view.GetGroupId(), p.view.GetEpoch())
		}
		return balancer.PickResult{}, fmt.Errorf("group %s: no member reachable in view epoch %d: %v", p.view.GetGroupId(), p.view.GetEpoch(), last)
	}
	n := uint64(len(p.ready))
	start := p.rr.Add(1)
	m := p.ready[start%n]
	if a != nil && len(a.avoid) > 0 {
		for i := range n {
			if x := p.ready[(start+i)%n]; !a.avoid[x.GetMemberId()] {
				m = x
				break
			}
		}
	}
	if a != nil && !a.setTarget(m) {
		return balancer.PickResult{}, status.Errorf(codes.Unavailable, "group %s: %v", p.view.GetGroupId(), errViewChanged)
	}
	return balancer.PickResult{SubConn: p.conns[m.GetAddress()].sc}, nil
}

type errPicker struct{ err error }

func (p errPicker) Pick(balancer.PickInfo) (balancer.PickResult, error) {
	return balancer.PickResult{}, p.err
}
