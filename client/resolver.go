package client

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/attributes"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/serviceconfig"

	managerv1 "github.com/wardenft/warden/api/warden/manager/v1"
)

// Scheme is the URI scheme of Warden group targets: "warden:///GROUP".
const Scheme = "warden"

// The resolver's wait between failed rounds over the managers.
const (
	managerBackoffBase = 50 * time.Millisecond
	managerBackoffMax  = time.Second
)

// serviceConfigJSON selects the group balancer for every connection the resolver serves.
var serviceConfigJSON = fmt.Sprintf(`{"loadBalancingConfig":[{%q:{}}]}`, BalancerName)

// GroupOf returns the group id of a target "warden:///GROUP" (also "warden:GROUP"), or ""
// if target is not a Warden group target.
func GroupOf(target string) string {
	rest, ok := strings.CutPrefix(target, Scheme+":")
	if !ok {
		return ""
	}
	rest = strings.TrimPrefix(rest, "//")
	if i := strings.IndexByte(rest, '/'); i >= 0 { // an authority, then the path
		rest = rest[i+1:]
	}
	if rest == "" || strings.ContainsAny(rest, "/?#") {
		return ""
	}
	return rest
}

// resolverBuilder builds the resolver of "warden:///GROUP" targets for one client.
type resolverBuilder struct{ c *client }

func (b resolverBuilder) Scheme() string { return Scheme }

func (b resolverBuilder) Build(t resolver.Target, cc resolver.ClientConn, _ resolver.BuildOptions) (resolver.Resolver, error) {
	id := GroupOf(t.String())
	if id == "" {
		return nil, fmt.Errorf("client: target %q: want %s:///GROUP", t.String(), Scheme)
	}
	sc := cc.ParseServiceConfig(serviceConfigJSON)
	if sc.Err != nil {
		return nil, fmt.Errorf("client: the group balancer's service config: %w", sc.Err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &viewResolver{c: b.c, g: b.c.group(id), cc: cc, sc: sc, ctx: ctx, cancel: cancel, conns: map[string]*grpc.ClientConn{}}
	r.wg.Add(2)
	go r.watch()
	go r.publish()
	return r, nil
}

// viewResolver keeps a group's view current from the managers (watch) and hands every new
// view, whatever its source, to the connection (publish).
type viewResolver struct {
	c      *client
	g      *group
	cc     resolver.ClientConn
	sc     *serviceconfig.ParseResult
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.Mutex
	conns map[string]*grpc.ClientConn
}

// ResolveNow does nothing: views are pushed by the managers as they are made.
func (r *viewResolver) ResolveNow(resolver.ResolveNowOptions) {}

func (r *viewResolver) Close() {
	r.cancel()
	r.wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.conns {
		c.Close()
	}
	r.conns = nil
}

func (r *viewResolver) conn(addr string) (*grpc.ClientConn, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.conns[addr]; ok {
		return c, nil
	}
	c, err := grpc.NewClient(addr, r.c.cfg.ManagerDialOptions...)
	if err != nil {
		return nil, err
	}
	r.conns[addr] = c
	return c, nil
}

// watch follows the group's views from one manager at a time, starting each stream from
// the version held, and moves to the next manager when a stream fails. After a round in
// which no manager gave a view it backs off.
func (r *viewResolver) watch() {
	defer r.wg.Done()
	ms := r.c.cfg.Managers
	failedRounds, failedInRound := 0, 0
	for i := 0; ; i = (i + 1) % len(ms) {
		got, err := r.watchOnce(ms[i])
		if r.ctx.Err() != nil {
			return
		}
		err = fmt.Errorf("manager %s: %w", ms[i], err)
		r.g.setErr(err)
		if r.g.current() == nil {
			r.cc.ReportError(fmt.Errorf("group %s: %w", r.g.id, err))
		}
		v := r.g.current()
		r.c.log.Warn("view watch failed; trying the next manager", "group", r.g.id, "manager", ms[i], "epoch", v.GetEpoch(), "version", v.GetVersion(), "err", err)
		if got {
			failedRounds, failedInRound = 0, 0
			continue
		}
		if failedInRound++; failedInRound < len(ms) {
			continue
		}
		failedInRound = 0
		t := time.NewTimer(backoff(failedRounds, managerBackoffBase, managerBackoffMax, rand.Float64()))
		failedRounds++
		select {
		case <-r.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// watchOnce runs one WatchView stream at addr until it fails, adopting every view; got says
// whether it delivered any.
func (r *viewResolver) watchOnce(addr string) (got bool, err error) {
	conn, err := r.conn(addr)
	if err != nil {
		return false, err
	}
	st, err := managerv1.NewObjectGroupManagerClient(conn).WatchView(r.ctx, &managerv1.WatchViewRequest{GroupId: r.g.id, KnownVersion: r.g.current().GetVersion()})
	if err != nil {
		return false, err
	}
	for {
		v, err := st.Recv()
		if err != nil {
			return got, err
		}
		got = true
		if r.g.adopt(v) {
			r.c.log.Debug("view from manager", "group", r.g.id, "manager", addr, "epoch", v.GetEpoch(), "version", v.GetVersion(), "primary", v.GetPrimary(), "reason", v.GetReason())
		}
	}
}

// publish hands each new view to the connection: the members' addresses as endpoints, the
// view and the group in the state's attributes, and the service config that selects the
// group balancer.
func (r *viewResolver) publish() {
	defer r.wg.Done()
	var sent uint64
	for {
		v, changed := r.g.watch()
		if v != nil && v.GetVersion() > sent {
			sent = v.GetVersion()
			r.cc.UpdateState(resolverState(v, r.sc))
		}
		select {
		case <-r.ctx.Done():
			return
		case <-changed:
		}
	}
}

type viewKey struct{}

func resolverState(v *managerv1.View, sc *serviceconfig.ParseResult) resolver.State {
	s := resolver.State{
		Attributes:    attributes.New(viewKey{}, v),
		ServiceConfig: sc,
		Endpoints:     []resolver.Endpoint{},
	}
	for _, m := range v.GetMembers() {
		if m.GetAddress() != "" {
			s.Endpoints = append(s.Endpoints, resolver.Endpoint{Addresses: []resolver.Address{{Addr: m.GetAddress()}}})
		}
	}
	return s
}

// viewOf returns the view a resolver state carries.
func viewOf(s resolver.State) *managerv1.View {
	v, _ := s.Attributes.Value(viewKey{}).(*managerv1.View)
	return v
}
