package replica_test

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	counterv1 "github.com/wardenft/warden/api/warden/counter/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/client"
	"github.com/wardenft/warden/examples/counter/counterapp"
	"github.com/wardenft/warden/manager"
)

// The driver end to end: a real manager on loopback, a fake agent per location that runs
// counter members in this process (the manager creates them: infrastructure-controlled
// membership), and a client through client.NewClient. No sleeps wait for events: every wait
// polls a condition with a deadline.

func testLogger() *slog.Logger {
	if testing.Verbose() && os.Getenv("WARDEN_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// eventually polls cond every few milliseconds until it holds or 30s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

type testManager struct {
	addr string
	conn *grpc.ClientConn
}

func startManager(t *testing.T) *testManager {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := manager.LocalProfile(manager.NodeConfig{DataDir: t.TempDir(), RaftAddr: "127.0.0.1:0",
		APIAddr: lis.Addr().String(), Bootstrap: true, Logger: testLogger()})
	// The fake agents are not what this test judges: a pause of the race-instrumented test
	// process must not make the manager take their locations for failed hosts.
	cfg.Control.Phi.AcceptablePause = 3 * time.Second
	n, err := manager.OpenNode(cfg)
	if err != nil {
		lis.Close()
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	manager.RegisterServices(srv, n)
	go srv.Serve(lis)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		srv.Stop()
		n.Shutdown()
		conn.Close()
	})
	if err := n.WaitLeader(ctxT(t, 20*time.Second)); err != nil {
		t.Fatal(err)
	}
	return &testManager{addr: lis.Addr().String(), conn: conn}
}

func (m *testManager) view(t *testing.T, group string) *pb.View {
	t.Helper()
	r, err := pb.NewObjectGroupManagerClient(m.conn).GetObjectGroupRef(ctxT(t, 10*time.Second), &pb.GetObjectGroupRefRequest{GroupId: group})
	if err != nil {
		t.Fatal(err)
	}
	return r.View
}

// member is a counter member the fake agent runs in this process.
type member struct {
	id      string
	cid     uint64
	cancel  context.CancelFunc
	done    chan struct{}
	m       atomic.Pointer[counterapp.Member]
	killed  atomic.Bool // the test killed it: reported EXITED when certain
	proxy   *tcpProxy   // its way to the manager
	certain bool
}

// kill stops the member as a crash would: its server stops at once, its driver ends.
func (x *member) kill(certain bool) {
	x.certain = certain
	x.killed.Store(true)
	if m := x.m.Load(); m != nil {
		m.GRPC.Stop()
	}
	x.cancel()
	<-x.done
}

// fakeAgent speaks AgentService for one location: it starts every desired member as an
// in-process counter member, reports it STARTING until its driver holds the group's state
// (what the real agent learns from grpc.health.v1 SERVING), then READY; a member the test
// killed with certain set is reported EXITED (the agent reaped it), one killed without stays
// READY (a hung process: only a health check would tell).
type fakeAgent struct {
	t        *testing.T
	loc      string
	inc      uint64
	cli      pb.AgentServiceClient
	managers []string
	replay   bool // members log and replay requests (not Updateable)

	mu      sync.Mutex
	members map[string]*member
	again   chan struct{}
}

func startFakeAgent(t *testing.T, m *testManager, loc string, replay bool) *fakeAgent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a := &fakeAgent{t: t, loc: loc, inc: rand.Uint64() | 1, cli: pb.NewAgentServiceClient(m.conn), managers: []string{m.addr}, replay: replay,
		members: map[string]*member{}, again: make(chan struct{}, 1)}
	if _, err := a.cli.Register(ctxT(t, 10*time.Second), &pb.RegisterRequest{Location: loc, AgentAddress: "127.0.0.1:1", Incarnation: a.inc}); err != nil {
		t.Fatalf("register %s: %v", loc, err)
	}
	done := make(chan struct{})
	go func() { defer close(done); a.run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
		a.mu.Lock()
		ms := a.members
		a.mu.Unlock()
		for _, x := range ms {
			x.cancel()
			<-x.done
			x.proxy.close()
		}
	})
	return a
}

func (a *fakeAgent) poke() {
	select {
	case a.again <- struct{}{}:
	default:
	}
}

func (a *fakeAgent) run(ctx context.Context) {
	hb, err := a.cli.Heartbeat(ctx)
	if err != nil {
		return
	}
	var last uint64
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for seq := uint64(1); ; seq++ {
		if err := hb.Send(&pb.HeartbeatRequest{Location: a.loc, Incarnation: a.inc, Seq: seq, SentAt: timestamppb.Now()}); err != nil {
			return
		}
		r, err := hb.Recv()
		if err != nil {
			return
		}
		if r.Reregister {
			if _, err := a.cli.Register(ctx, &pb.RegisterRequest{Location: a.loc, AgentAddress: "127.0.0.1:1", Incarnation: a.inc}); err != nil {
				return
			}
		}
		// Reconcile on every beat: members become ready between beats.
		_ = last
		last = a.reconcile(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-a.again:
		}
	}
}

func (a *fakeAgent) reconcile(ctx context.Context) uint64 {
	a.mu.Lock()
	req := &pb.ReconcileRequest{Location: a.loc, Incarnation: a.inc}
	for id, x := range a.members {
		am := &pb.ActualMember{GroupId: "counter", MemberId: id, CreationId: x.cid, State: pb.ActualState_ACTUAL_STATE_STARTING}
		if m := x.m.Load(); m != nil {
			am.Address = m.Addr
			if m.Replica.Serving() || x.killed.Load() {
				am.State = pb.ActualState_ACTUAL_STATE_READY
			}
		}
		if x.killed.Load() && x.certain {
			am.State, am.Address, am.ExitStatus = pb.ActualState_ACTUAL_STATE_EXITED, "", "signal SIGKILL"
		}
		req.Actual = append(req.Actual, am)
	}
	a.mu.Unlock()
	r, err := a.cli.Reconcile(ctx, req)
	if err != nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	want := map[string]bool{}
	for _, d := range r.Desired {
		want[d.MemberId] = true
		if _, ok := a.members[d.MemberId]; !ok {
			a.members[d.MemberId] = a.start(d)
		}
	}
	for id, x := range a.members {
		if !want[id] {
			if x.proxy.isCut() {
				// Partitioned from the managers: its agent could not stop it either. It
				// keeps running (and is stopped at the end of the test).
				continue
			}
			x.cancel()
			go func() { <-x.done; x.proxy.close() }()
			delete(a.members, id)
		}
	}
	return r.DesiredVersion
}

func (a *fakeAgent) start(d *pb.DesiredMember) *member {
	ctx, cancel := context.WithCancel(context.Background())
	x := &member{id: d.MemberId, cid: d.CreationId, cancel: cancel, done: make(chan struct{}), proxy: startProxy(a.managers[0])}
	o := counterapp.Options{Listen: "127.0.0.1:0", Member: d.MemberId, Group: d.GroupId, Managers: []string{x.proxy.addr()},
		LogAndReplay: a.replay, CheckpointInterval: 200 * time.Millisecond, Logger: testLogger().With("loc", a.loc),
		Ready: func(m *counterapp.Member) { x.m.Store(m); a.poke() }}
	go func() {
		defer close(x.done)
		if err := counterapp.Serve(ctx, o); err != nil && !x.killed.Load() {
			a.t.Logf("member %s at %s: %v", d.MemberId, a.loc, err)
		}
	}()
	return x
}

func (a *fakeAgent) member(id string) *member {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.members[id]
}

// A WARM_PASSIVE counter of three members survives its members being killed, again and
// again, under a load of increments and reads: for a primary the manager promotes a caught-up
// backup (after the old primary's lease when the fault is not certain, at once when the agent
// reaped the process); a backup that stops acknowledging is reported by the primary
// (OmissionFault) and removed; each time the manager creates a replacement, which joins by a
// state transfer. The client's calls never fail; at the end the counter equals the number of
// acknowledged increments (none lost, none applied twice), the increments returned 1..n each
// once, no read returned less than an increment acknowledged before it started, and every
// member holds the same value. Run with the counter's updates (Updateable) and with log and
// replay.
func TestCounterSurvivesKills(t *testing.T) {
	for _, replay := range []bool{false, true} {
		name := "updates"
		if replay {
			name = "log-and-replay"
		}
		t.Run(name, func(t *testing.T) { testCounterSurvivesKills(t, replay) })
	}
}

// counterGroup is a WARM_PASSIVE counter group of three members run by fake agents at a, b
// and c, healthy (every backup caught up), and a client of it.
type counterGroup struct {
	t      *testing.T
	m      *testManager
	agents map[string]*fakeAgent
	cc     counterv1.CounterClient
}

func startCounterGroup(t *testing.T, replay bool) *counterGroup {
	t.Helper()
	m := startManager(t)
	g := &counterGroup{t: t, m: m, agents: map[string]*fakeAgent{}}
	for _, l := range []string{"a", "b", "c"} {
		g.agents[l] = startFakeAgent(t, m, l, replay)
	}
	ctx := ctxT(t, 30*time.Second)
	if _, err := pb.NewTypeRegistryClient(m.conn).RegisterType(ctx, &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "counter",
		Launch: &pb.LaunchSpec{Command: "/bin/true"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := pb.NewGenericFactoryClient(m.conn).CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "counter", GroupId: "counter",
		Criteria: &pb.Properties{ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE,
			InitialNumberMembers: proto.Uint32(3), MinimumNumberMembers: proto.Uint32(3)}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "three members, backups caught up", func() bool { return g.healthy() != nil })
	cfg := client.DefaultConfig()
	cfg.Managers = []string{m.addr}
	cfg.Logger = testLogger()
	conn, err := client.NewClient("warden:///counter", cfg, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	g.cc = counterv1.NewCounterClient(conn)
	return g
}

func (g *counterGroup) memberOf(id string) *member {
	for _, a := range g.agents {
		if x := a.member(id); x != nil {
			return x
		}
	}
	return nil
}

// healthy returns the view if it has three members and every backup caught up (the manager
// may promote any of them), nil otherwise.
func (g *counterGroup) healthy() *pb.View {
	v := g.m.view(g.t, "counter")
	if len(v.Members) != 3 || v.Primary == "" {
		return nil
	}
	for _, x := range v.Members {
		if x.MemberId != v.Primary && !x.CaughtUp {
			return nil
		}
	}
	return v
}

func testCounterSurvivesKills(t *testing.T, replay bool) {
	g := startCounterGroup(t, replay)
	m, memberOf, healthy, cc := g.m, g.memberOf, g.healthy, g.cc
	ctx := ctxT(t, 120*time.Second)

	// The load: a few clients incrementing by one and one reading, each call with a long
	// deadline (a failover must be masked, not reported).
	var (
		acked, failed, reads atomic.Int64
		maxAcked             atomic.Int64 // the highest value an acknowledged increment returned
		mu                   sync.Mutex
		values               []int64
		ackTimes             []time.Time
	)
	loadCtx, stopLoad := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loadCtx.Err() == nil {
				cctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				r, err := cc.Increment(cctx, &counterv1.IncrementRequest{By: 1})
				cancel()
				if err != nil {
					failed.Add(1)
					t.Errorf("increment: %v", err)
					return
				}
				acked.Add(1)
				for {
					old := maxAcked.Load()
					if r.Value <= old || maxAcked.CompareAndSwap(old, r.Value) {
						break
					}
				}
				mu.Lock()
				values = append(values, r.Value)
				ackTimes = append(ackTimes, time.Now())
				mu.Unlock()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for loadCtx.Err() == nil {
			floor := maxAcked.Load()
			cctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			r, err := cc.Get(cctx, &counterv1.GetRequest{})
			cancel()
			if err != nil {
				failed.Add(1)
				t.Errorf("get: %v", err)
				return
			}
			reads.Add(1)
			if r.Value < floor {
				t.Errorf("get returned %d from %s, after an increment returned %d: a stale read", r.Value, r.Member, floor)
			}
		}
	}()
	waitAcked := func(n int64) {
		t.Helper()
		target := acked.Load() + n
		eventually(t, "increments acknowledged", func() bool { return acked.Load() >= target || failed.Load() > 0 })
	}
	waitAcked(50)

	type kill struct {
		backup, certain bool
	}
	kills := []kill{{false, false}, {false, true}, {true, false}, {false, false}, {true, true}, {false, true}}
	for i, k := range kills {
		var v *pb.View
		eventually(t, "the group healthy", func() bool { v = healthy(); return v != nil })
		victim := v.Primary
		if k.backup {
			for _, x := range v.Members {
				if x.MemberId != v.Primary {
					victim = x.MemberId
				}
			}
		}
		x := memberOf(victim)
		if x == nil {
			t.Fatalf("no member %s running", victim)
		}
		killStart := time.Now()
		x.kill(k.certain)
		if !k.certain && !k.backup {
			// What a health check of the hung primary would report: a fault that is not
			// certain, so the manager waits out the primary's lease.
			if _, err := notifyv1.NewFaultNotifierClient(m.conn).PushStructuredFault(ctx, &notifyv1.PushStructuredFaultRequest{Events: []*notifyv1.FaultEvent{{
				Kind: "ObjectCrashFault", ObjectGroupId: "counter", Member: victim, Detector: "health-pull", Evidence: map[string]string{"certain": "false"}}}}); err != nil {
				t.Fatal(err)
			}
		}
		// A backup killed without a report is found by the primary (OmissionFault).
		var nv *pb.View
		eventually(t, victim+" removed", func() bool {
			nv = m.view(t, "counter")
			for _, x := range nv.Members {
				if x.MemberId == victim {
					return false
				}
			}
			return nv.Primary != ""
		})
		waitAcked(20)
		// The client-seen gap: the longest time without an acknowledged increment from the
		// kill on (4 clients: calls in flight at the kill may still be answered).
		gap, prev := time.Duration(0), killStart
		mu.Lock()
		for _, at := range ackTimes {
			if at.After(killStart) {
				gap, prev = max(gap, at.Sub(prev)), at
			}
		}
		mu.Unlock()
		t.Logf("kill %d (%s %s, certain=%v): view epoch %d -> %d, primary %s, %q; longest gap between increments %v",
			i+1, map[bool]string{true: "backup", false: "primary"}[k.backup], victim, k.certain, v.Epoch, nv.Epoch, nv.Primary, nv.Reason, gap.Round(time.Millisecond))
		if failed.Load() > 0 {
			break
		}
	}
	eventually(t, "the group healthy at the end", func() bool { return healthy() != nil })
	waitAcked(20)
	stopLoad()
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d calls failed", failed.Load())
	}

	r, err := cc.Get(ctxT(t, 20*time.Second), &counterv1.GetRequest{})
	if err != nil {
		t.Fatal(err)
	}
	n := acked.Load()
	if r.Value != n {
		t.Errorf("counter %d after %d acknowledged increments (by 1 each): want equal", r.Value, n)
	}
	sort.Slice(values, func(i, j int) bool { return values[i] < values[j] })
	for i, v := range values {
		if v != int64(i+1) {
			t.Errorf("the acknowledged increments returned %v...: want 1..%d each once", values[max(0, i-2):min(len(values), i+3)], n)
			break
		}
	}
	// Every member of the final view applied the same history.
	var v *pb.View
	eventually(t, "the group healthy", func() bool { v = healthy(); return v != nil })
	eventually(t, "every member at the final value", func() bool {
		for _, x := range v.Members {
			mm := memberOf(x.MemberId)
			if mm == nil || mm.m.Load() == nil || mm.m.Load().Counter.Value() != r.Value {
				return false
			}
		}
		return true
	})
	t.Logf("%d increments acknowledged and %d reads across %d kills; counter %d", n, reads.Load(), len(kills), r.Value)
}

// tcpProxy forwards TCP connections to a manager until the test cuts it (a partition between
// one member and the managers).
type tcpProxy struct {
	lis net.Listener
	to  string

	mu    sync.Mutex
	cut   bool
	conns []net.Conn
}

func startProxy(to string) *tcpProxy {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	p := &tcpProxy{lis: lis, to: to}
	go func() {
		for {
			c, err := lis.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", to)
			p.mu.Lock()
			if err != nil || p.cut {
				p.mu.Unlock()
				c.Close()
				if u != nil {
					u.Close()
				}
				continue
			}
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { io.Copy(u, c); u.Close() }()
			go func() { io.Copy(c, u); c.Close() }()
		}
	}()
	return p
}

func (p *tcpProxy) addr() string { return p.lis.Addr().String() }

func (p *tcpProxy) isCut() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cut
}

// partition closes every connection and refuses new ones.
func (p *tcpProxy) partition() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *tcpProxy) close() {
	p.lis.Close()
	p.partition()
}

// A primary cut off from the managers (still running, still connected to its backups) stops
// serving when its lease runs out, before the manager promotes a backup: by then a call
// straight to it is refused (NO_LEASE, or NOT_PRIMARY once it heard of the new epoch), the
// client's increments continue at the new primary, and no increment is lost or applied twice.
func TestPartitionedPrimaryStopsServing(t *testing.T) {
	g := startCounterGroup(t, false)
	ctx := ctxT(t, 60*time.Second)
	var (
		acked, failed atomic.Int64
		mu            sync.Mutex
		values        []int64
	)
	loadCtx, stopLoad := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for loadCtx.Err() == nil {
				cctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				r, err := g.cc.Increment(cctx, &counterv1.IncrementRequest{By: 1})
				cancel()
				if err != nil {
					failed.Add(1)
					t.Errorf("increment: %v", err)
					return
				}
				acked.Add(1)
				mu.Lock()
				values = append(values, r.Value)
				mu.Unlock()
			}
		}()
	}
	waitAcked := func(n int64) {
		t.Helper()
		target := acked.Load() + n
		eventually(t, "increments acknowledged", func() bool { return acked.Load() >= target || failed.Load() > 0 })
	}
	waitAcked(50)

	v := g.healthy()
	old := g.memberOf(v.Primary)
	old.proxy.partition()
	cut := time.Now()
	// What a health check that cannot reach it either would report.
	if _, err := notifyv1.NewFaultNotifierClient(g.m.conn).PushStructuredFault(ctx, &notifyv1.PushStructuredFaultRequest{Events: []*notifyv1.FaultEvent{{
		Kind: "ObjectCrashFault", ObjectGroupId: "counter", Member: v.Primary, Detector: "health-pull", Evidence: map[string]string{"certain": "false"}}}}); err != nil {
		t.Fatal(err)
	}
	var nv *pb.View
	eventually(t, "a new primary", func() bool {
		nv = g.m.view(t, "counter")
		return nv.Primary != "" && nv.Primary != v.Primary
	})
	promoted := time.Since(cut)
	direct, err := grpc.NewClient(old.m.Load().Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	_, err = counterv1.NewCounterClient(direct).Increment(ctx, &counterv1.IncrementRequest{By: 1000})
	reason := ""
	for _, d := range status.Convert(err).Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			reason = info.Reason
		}
	}
	if reason != "NO_LEASE" && reason != "NOT_PRIMARY" {
		t.Errorf("the cut-off primary %s answered %v after %s was promoted; want NO_LEASE or NOT_PRIMARY", v.Primary, err, nv.Primary)
	}
	waitAcked(50)
	stopLoad()
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d increments failed", failed.Load())
	}
	r, err := g.cc.Get(ctx, &counterv1.GetRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if n := acked.Load(); r.Value != n {
		t.Errorf("counter %d after %d acknowledged increments: want equal", r.Value, n)
	}
	sort.Slice(values, func(i, j int) bool { return values[i] < values[j] })
	for i, x := range values {
		if x != int64(i+1) {
			t.Errorf("acknowledged increments returned %v...: want 1..%d each once", values[max(0, i-2):min(len(values), i+3)], len(values))
			break
		}
	}
	t.Logf("primary %s cut off; %s promoted %v later (epoch %d -> %d); the old primary answers %s; %d increments, counter %d",
		v.Primary, nv.Primary, promoted.Round(time.Millisecond), v.Epoch, nv.Epoch, reason, acked.Load(), r.Value)
}
