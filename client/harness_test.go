package client

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/protoadapt"
	"google.golang.org/protobuf/types/known/timestamppb"

	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	replicav1 "github.com/wardenft/warden/api/warden/replica/v1"
	"github.com/wardenft/warden/manager"
)

// The harness: a real manager on loopback, a fake agent per location (AgentService over real
// gRPC, no processes), echo members, fake passive members that implement the replica error
// contract by hand, and a proxy in front of the manager's WatchView that a test can hold.

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

// eventually polls cond every few milliseconds until it holds or 20s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return lis
}

// deadAddr returns a loopback address nothing listens on.
func deadAddr(t *testing.T) string {
	lis := listen(t)
	a := lis.Addr().String()
	lis.Close()
	return a
}

// testManager is one manager (a bootstrapped Raft of one) serving on loopback.
type testManager struct {
	addr string
	conn *grpc.ClientConn
}

func (m *testManager) groups() pb.ObjectGroupManagerClient {
	return pb.NewObjectGroupManagerClient(m.conn)
}

func startManager(t *testing.T) *testManager {
	t.Helper()
	lis := listen(t)
	cfg := manager.LocalProfile(manager.NodeConfig{DataDir: t.TempDir(), RaftAddr: "127.0.0.1:0",
		APIAddr: lis.Addr().String(), Bootstrap: true, Logger: testLogger()})
	// The fake agents are not what these tests judge: a pause of the race-instrumented test
	// process must not make the manager take their locations for failed hosts (the local
	// profile suspects one about 300ms after its last heartbeat).
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

func (m *testManager) registerType(t *testing.T, id string) {
	t.Helper()
	_, err := pb.NewTypeRegistryClient(m.conn).RegisterType(ctxT(t, 10*time.Second), &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: id, Launch: &pb.LaunchSpec{Command: "/bin/true"}}})
	if err != nil {
		t.Fatalf("register type %s: %v", id, err)
	}
}

func (m *testManager) createGroup(t *testing.T, typeID, group string, p *pb.Properties) *pb.View {
	t.Helper()
	r, err := pb.NewGenericFactoryClient(m.conn).CreateObject(ctxT(t, 10*time.Second), &pb.CreateObjectRequest{TypeId: typeID, GroupId: group, Criteria: p})
	if err != nil {
		t.Fatalf("create group %s: %v", group, err)
	}
	return r.View
}

func (m *testManager) addExternal(t *testing.T, group, loc, addr string) *pb.View {
	t.Helper()
	r, err := m.groups().AddMember(ctxT(t, 10*time.Second), &pb.AddMemberRequest{GroupId: group, Member: &pb.AddMemberRequest_External{External: &pb.ExternalMember{Location: loc, Address: addr}}})
	if err != nil {
		t.Fatalf("add %s at %s to %s: %v", addr, loc, group, err)
	}
	return r.View
}

func (m *testManager) setPrimary(t *testing.T, group, loc string) *pb.View {
	t.Helper()
	r, err := m.groups().SetPrimaryMember(ctxT(t, 10*time.Second), &pb.SetPrimaryMemberRequest{GroupId: group, Location: loc})
	if err != nil {
		t.Fatalf("set primary of %s to %s: %v", group, loc, err)
	}
	return r.View
}

// remove removes the member at loc; when it is the primary, promote names the new one (the
// manager promotes on its own only backups their primary reported caught up, which these
// fake members never do).
func (m *testManager) remove(t *testing.T, group, loc, promote string) *pb.View {
	t.Helper()
	r, err := m.groups().RemoveMember(ctxT(t, 10*time.Second), &pb.RemoveMemberRequest{GroupId: group, Location: loc, NewPrimary: promote})
	if err != nil {
		t.Fatalf("remove %s from %s: %v", loc, group, err)
	}
	return r.View
}

func (m *testManager) view(t *testing.T, group string) *pb.View {
	t.Helper()
	r, err := m.groups().GetObjectGroupRef(ctxT(t, 10*time.Second), &pb.GetObjectGroupRefRequest{GroupId: group})
	if err != nil {
		t.Fatal(err)
	}
	return r.View
}

// fakeAgent speaks AgentService as an agent would, without processes: every desired member
// "runs", READY at the address addrOf gives, unless the test made it exit. It heartbeats
// every 100ms (the local profile's interval) and reconciles when the desired version changes
// or the test asks.
type fakeAgent struct {
	loc    string
	inc    uint64
	cli    pb.AgentServiceClient
	addrOf func(*pb.DesiredMember) string
	stop   context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	exited map[string]bool
	runs   map[string]*pb.ActualMember
	again  chan struct{}
}

func startFakeAgent(t *testing.T, m *testManager, loc string, addrOf func(*pb.DesiredMember) string) *fakeAgent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a := &fakeAgent{loc: loc, inc: rand.Uint64() | 1, cli: pb.NewAgentServiceClient(m.conn), addrOf: addrOf, stop: cancel,
		done: make(chan struct{}), exited: map[string]bool{}, runs: map[string]*pb.ActualMember{}, again: make(chan struct{}, 1)}
	if _, err := a.cli.Register(ctxT(t, 10*time.Second), &pb.RegisterRequest{Location: loc, AgentAddress: "127.0.0.1:1", Incarnation: a.inc}); err != nil {
		t.Fatalf("register %s: %v", loc, err)
	}
	go a.run(ctx)
	t.Cleanup(func() { a.stop(); <-a.done })
	return a
}

// exit makes the member's process exit: the next reconciliation reports it EXITED.
func (a *fakeAgent) exit(member string) {
	a.mu.Lock()
	a.exited[member] = true
	a.mu.Unlock()
	a.poke()
}

func (a *fakeAgent) poke() {
	select {
	case a.again <- struct{}{}:
	default:
	}
}

func (a *fakeAgent) run(ctx context.Context) {
	defer close(a.done)
	hb, err := a.cli.Heartbeat(ctx)
	if err != nil {
		return
	}
	var last uint64
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for seq := uint64(1); ; seq++ {
		if err := hb.Send(&pb.HeartbeatRequest{Location: a.loc, Incarnation: a.inc, Seq: seq, SentAt: timestamppb.Now()}); err != nil {
			return
		}
		r, err := hb.Recv()
		if err != nil {
			return
		}
		if r.Reregister { // judged down: register again, same incarnation, as the agent does
			if _, err := a.cli.Register(ctx, &pb.RegisterRequest{Location: a.loc, AgentAddress: "127.0.0.1:1", Incarnation: a.inc}); err != nil {
				return
			}
		}
		if r.DesiredVersion != last {
			last = a.reconcile(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-a.again:
			last = a.reconcile(ctx)
		}
	}
}

func (a *fakeAgent) reconcile(ctx context.Context) uint64 {
	a.mu.Lock()
	req := &pb.ReconcileRequest{Location: a.loc, Incarnation: a.inc}
	for id, m := range a.runs {
		m = proto.Clone(m).(*pb.ActualMember)
		if a.exited[id] {
			m.State, m.Address, m.ExitStatus = pb.ActualState_ACTUAL_STATE_EXITED, "", "signal SIGKILL"
		}
		req.Actual = append(req.Actual, m)
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
		if _, ok := a.runs[d.MemberId]; !ok && !a.exited[d.MemberId] {
			a.runs[d.MemberId] = &pb.ActualMember{GroupId: d.GroupId, MemberId: d.MemberId, CreationId: d.CreationId,
				State: pb.ActualState_ACTUAL_STATE_READY, Address: a.addrOf(d)}
			a.poke() // report it ready at once
		}
	}
	for id := range a.runs {
		if !want[id] {
			delete(a.runs, id)
		}
	}
	return r.DesiredVersion
}

// echoMember is an EchoService server standing for a member at a location.
type echoMember struct {
	loc  string
	addr string
	srv  *grpc.Server
}

type echoServer struct {
	echov1.UnimplementedEchoServiceServer
	loc string
}

func (s echoServer) Echo(_ context.Context, r *echov1.EchoRequest) (*echov1.EchoResponse, error) {
	return &echov1.EchoResponse{Message: r.Message, Location: s.loc, Pid: int64(os.Getpid())}, nil
}

func startEcho(t *testing.T, loc string) *echoMember {
	t.Helper()
	lis := listen(t)
	srv := grpc.NewServer()
	echov1.RegisterEchoServiceServer(srv, echoServer{loc: loc})
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	return &echoMember{loc: loc, addr: lis.Addr().String(), srv: srv}
}

// fakeMember stands for a member of a passive group built on the replica SDK: it answers
// Echo as the replica error contract says, from the view the test gave it, and records the
// RequestContext of every call it gets and how often it executed each request id.
type fakeMember struct {
	echov1.UnimplementedEchoServiceServer
	loc  string
	addr string
	srv  *grpc.Server

	mu         sync.Mutex
	id         string   // its member id, once added
	view       *pb.View // the newest view it knows
	notReady   int      // answer NOT_READY to this many calls
	behind     int      // calls answered VIEW_BEHIND before it learns next
	next       *pb.View
	seen       []*replicav1.RequestContext
	executions map[string]int
	hang       chan struct{} // non-nil: calls wait until it is closed, as at a paused process
}

func startFakeMember(t *testing.T, loc string) *fakeMember {
	t.Helper()
	lis := listen(t)
	f := &fakeMember{loc: loc, addr: lis.Addr().String(), srv: grpc.NewServer(), executions: map[string]int{}}
	echov1.RegisterEchoServiceServer(f.srv, f)
	go f.srv.Serve(lis)
	t.Cleanup(f.srv.Stop)
	return f
}

func (f *fakeMember) learn(v *pb.View) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.view = v
	for _, m := range v.Members {
		if m.Location == f.loc {
			f.id = m.MemberId
		}
	}
}

func reqKey(id *replicav1.RequestId) string {
	return fmt.Sprintf("%s/%d", id.GetClientId(), id.GetRetentionId())
}

func replicaError(reason string, view *pb.View, member string) error {
	details := []protoadapt.MessageV1{&errdetails.ErrorInfo{Domain: ReplicaErrorDomain, Reason: reason}}
	if view != nil {
		details = append(details, &replicav1.Redirect{View: view, MemberId: member})
	}
	st, err := status.New(codes.Unavailable, "replica: "+reason).WithDetails(details...)
	if err != nil {
		panic(err)
	}
	return st.Err()
}

// Echo applies the replica SDK's checks in its order: a caller's view it has not seen
// (VIEW_BEHIND), not the primary (NOT_PRIMARY), a caller's older view (STALE_VIEW), not
// ready; then executes once per request id.
func (f *fakeMember) Echo(ctx context.Context, r *echov1.EchoRequest) (*echov1.EchoResponse, error) {
	rc := &replicav1.RequestContext{}
	md, _ := metadata.FromIncomingContext(ctx)
	if vs := md.Get(MetadataKey); len(vs) == 1 {
		if err := proto.Unmarshal([]byte(vs[0]), rc); err != nil {
			return nil, status.Errorf(codes.InvalidArgument, "%s: %v", MetadataKey, err)
		}
	} else {
		return nil, status.Errorf(codes.InvalidArgument, "%d values of %s", len(vs), MetadataKey)
	}
	f.mu.Lock()
	if hang := f.hang; hang != nil {
		f.seen = append(f.seen, rc)
		f.mu.Unlock()
		select {
		case <-hang:
		case <-ctx.Done():
		}
		return nil, status.Error(codes.Unavailable, "resumed")
	}
	defer f.mu.Unlock()
	f.seen = append(f.seen, rc)
	v := f.view
	switch {
	case rc.ViewVersion > v.GetVersion():
		if f.behind > 0 {
			if f.behind--; f.behind == 0 {
				f.view = f.next
			}
		}
		return nil, replicaError(ReasonViewBehind, nil, f.id)
	case v.GetPrimary() != f.id:
		return nil, replicaError(ReasonNotPrimary, v, f.id)
	case rc.ViewVersion < v.GetVersion():
		return nil, replicaError(ReasonStaleView, v, f.id)
	case f.notReady > 0:
		f.notReady--
		return nil, replicaError(ReasonNotReady, nil, f.id)
	}
	f.executions[reqKey(rc.RequestId)]++
	return &echov1.EchoResponse{Message: r.Message, Member: f.id, Location: f.loc}, nil
}

// attemptsOf returns the contexts of the calls with request id key that reached f.
func (f *fakeMember) attemptsOf(key string) []*replicav1.RequestContext {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*replicav1.RequestContext
	for _, rc := range f.seen {
		if reqKey(rc.RequestId) == key {
			out = append(out, rc)
		}
	}
	return out
}

func (f *fakeMember) lastSeen() *replicav1.RequestContext {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.seen) == 0 {
		return nil
	}
	return f.seen[len(f.seen)-1]
}

// viewProxy serves ObjectGroupManager.WatchView by forwarding the manager's stream; while
// held, it forwards nothing (as a manager that lags would), and it records the known_version
// of every watch it gets.
type viewProxy struct {
	pb.UnimplementedObjectGroupManagerServer
	up   pb.ObjectGroupManagerClient
	addr string
	srv  *grpc.Server

	mu      sync.Mutex
	gate    chan struct{} // closed while not held
	watches []uint64
}

func startViewProxy(t *testing.T, m *testManager) *viewProxy {
	t.Helper()
	lis := listen(t)
	p := &viewProxy{up: m.groups(), addr: lis.Addr().String(), srv: grpc.NewServer(), gate: make(chan struct{})}
	close(p.gate)
	pb.RegisterObjectGroupManagerServer(p.srv, p)
	go p.srv.Serve(lis)
	t.Cleanup(p.srv.Stop)
	return p
}

func (p *viewProxy) hold() {
	p.mu.Lock()
	p.gate = make(chan struct{})
	p.mu.Unlock()
}

func (p *viewProxy) release() {
	p.mu.Lock()
	close(p.gate)
	p.mu.Unlock()
}

func (p *viewProxy) knownVersions() []uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]uint64(nil), p.watches...)
}

func (p *viewProxy) WatchView(r *pb.WatchViewRequest, stream grpc.ServerStreamingServer[pb.View]) error {
	p.mu.Lock()
	p.watches = append(p.watches, r.KnownVersion)
	p.mu.Unlock()
	up, err := p.up.WatchView(stream.Context(), r)
	if err != nil {
		return err
	}
	for {
		v, err := up.Recv()
		if err != nil {
			return err
		}
		p.mu.Lock()
		gate := p.gate
		p.mu.Unlock()
		select {
		case <-gate:
		case <-stream.Context().Done():
			return stream.Context().Err()
		}
		if err := stream.Send(v); err != nil {
			return err
		}
	}
}

// dial returns a connection to warden:///group through the managers, and the client
// instance behind it, with a test configuration.
func dial(t *testing.T, group string, managers ...string) (*grpc.ClientConn, *client) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Managers = managers
	cfg.Logger = testLogger()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	c, err := newClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient(Scheme+":///"+group, append(c.dialOptions(), grpc.WithTransportCredentials(insecure.NewCredentials()))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, c
}
