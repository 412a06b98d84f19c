package manager

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
)

// testManager is one manager of a test: a Node with its gRPC server on loopback, and a client
// connection to it.
type testManager struct {
	n    *Node
	srv  *grpc.Server
	addr string
	conn *grpc.ClientConn
	dir  string
}

func (m *testManager) props() pb.PropertyManagerClient { return pb.NewPropertyManagerClient(m.conn) }
func (m *testManager) types() pb.TypeRegistryClient    { return pb.NewTypeRegistryClient(m.conn) }
func (m *testManager) groups() pb.ObjectGroupManagerClient {
	return pb.NewObjectGroupManagerClient(m.conn)
}
func (m *testManager) factory() pb.GenericFactoryClient { return pb.NewGenericFactoryClient(m.conn) }

// stop ends the manager as a crash would for its peers: the server closes, Raft stops.
func (m *testManager) stop(t *testing.T) {
	t.Helper()
	m.srv.Stop()
	if err := m.n.Shutdown(); err != nil {
		t.Errorf("shutdown %s: %v", m.n.ID(), err)
	}
	m.conn.Close()
}

func testLogger(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.DiscardHandler)
}

// startManager starts a manager on dir (a fresh temporary one when empty) with the local Raft
// profile; bootstrap as NodeConfig.Bootstrap.
func startManager(t *testing.T, dir, id string, bootstrap bool) *testManager {
	t.Helper()
	return startManagerWith(t, dir, NodeConfig{ID: id, RaftAddr: "127.0.0.1:0", Bootstrap: bootstrap})
}

// startManagerWith starts a manager with cfg, filling in DataDir (dir, or a fresh one), APIAddr,
// the logger and the local profile.
func startManagerWith(t *testing.T, dir string, cfg NodeConfig) *testManager {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir, cfg.APIAddr, cfg.Logger = dir, lis.Addr().String(), testLogger(t)
	n, err := OpenNode(LocalProfile(cfg))
	if err != nil {
		lis.Close()
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	RegisterServices(srv, n)
	go srv.Serve(lis)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	m := &testManager{n: n, srv: srv, addr: lis.Addr().String(), conn: conn, dir: dir}
	t.Cleanup(func() {
		srv.Stop()
		n.Shutdown()
		conn.Close()
	})
	return m
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func waitLeader(t *testing.T, ms ...*testManager) {
	t.Helper()
	for _, m := range ms {
		if err := m.n.WaitLeader(ctxT(t, 20*time.Second)); err != nil {
			t.Fatal(err)
		}
	}
}

// eventually polls cond until it holds or 20s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

func registerType(t *testing.T, m *testManager, id string) {
	t.Helper()
	_, err := m.types().RegisterType(ctxT(t, 20*time.Second), &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: id, Launch: &pb.LaunchSpec{Command: "/bin/true"}}})
	if err != nil {
		t.Fatalf("register type %s through %s: %v", id, m.n.ID(), err)
	}
}

func createGroup(t *testing.T, m *testManager, typeID, group string, criteria *pb.Properties) *pb.View {
	t.Helper()
	r, err := m.factory().CreateObject(ctxT(t, 20*time.Second), &pb.CreateObjectRequest{TypeId: typeID, GroupId: group, Criteria: criteria})
	if err != nil {
		t.Fatalf("create group %s through %s: %v", group, m.n.ID(), err)
	}
	return r.View
}

func snapshotOf(t *testing.T, m *testManager) []byte {
	t.Helper()
	var b []byte
	var err error
	m.n.Read(func(s *State) { b, err = s.Snapshot() })
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// errorInfo returns the status code and the manager ErrorInfo of err.
func errorInfo(t *testing.T, err error) (codes.Code, *errdetails.ErrorInfo) {
	t.Helper()
	st, _ := status.FromError(err)
	for _, d := range st.Details() {
		if i, ok := d.(*errdetails.ErrorInfo); ok && i.Domain == ErrorDomain {
			return st.Code(), i
		}
	}
	return st.Code(), nil
}

// A manager alone bootstraps itself, applies writes, and comes back from its data dir with the
// same state: once replaying the log, once from a snapshot and the log after it.
func TestNodeSingleRestart(t *testing.T) {
	dir := t.TempDir()
	m := startManager(t, dir, "", true)
	waitLeader(t, m)
	if !m.n.IsLeader() {
		t.Fatal("a lone bootstrapped manager is not the leader")
	}
	id := m.n.ID()
	registerType(t, m, "counter")
	createGroup(t, m, "counter", "g1", &pb.Properties{InitialNumberMembers: proto.Uint32(2), MinimumNumberMembers: proto.Uint32(1)})
	want := snapshotOf(t, m)
	m.stop(t)

	m = startManager(t, dir, "", true)
	if m.n.ID() != id {
		t.Fatalf("restarted with id %q, want the stored %q", m.n.ID(), id)
	}
	waitLeader(t, m)
	eventually(t, "the log replayed", func() bool { return string(snapshotOf(t, m)) == string(want) })

	if err := m.n.Snapshot(); err != nil {
		t.Fatal(err)
	}
	registerType(t, m, "bank") // after the snapshot: in the log only
	want = snapshotOf(t, m)
	m.stop(t)

	m = startManager(t, dir, "", true)
	waitLeader(t, m)
	eventually(t, "the snapshot restored and the log replayed", func() bool { return string(snapshotOf(t, m)) == string(want) })
	if _, err := m.types().GetType(ctxT(t, 5*time.Second), &pb.GetTypeRequest{TypeId: "bank"}); err != nil {
		t.Fatal(err)
	}

	// A data dir belongs to one manager.
	m.stop(t)
	if _, err := OpenNode(NodeConfig{ID: "other", DataDir: dir, RaftAddr: "127.0.0.1:0", APIAddr: "127.0.0.1:1"}); err == nil {
		t.Fatal("opened a data dir under another manager's id")
	}
}

// Three managers: two join the first; a write through a follower lands everywhere; the leader
// stops and a new leader accepts writes with the state intact.
func TestNodeClusterFailover(t *testing.T) {
	ms := []*testManager{startManager(t, "", "a", true), startManager(t, "", "b", false), startManager(t, "", "c", false)}
	waitLeader(t, ms[0])
	// b joins through a, c through b (a follower forwards the join).
	if err := ms[1].n.JoinCluster(ctxT(t, 20*time.Second), ms[0].addr); err != nil {
		t.Fatal(err)
	}
	if err := ms[2].n.JoinCluster(ctxT(t, 20*time.Second), ms[1].addr); err != nil {
		t.Fatal(err)
	}
	servers, err := ms[0].n.Servers()
	if err != nil || len(servers) != 3 {
		t.Fatalf("configuration %v, %v; want 3 voters", servers, err)
	}

	var leader *testManager
	var followers []*testManager
	for _, m := range ms {
		if m.n.IsLeader() {
			leader = m
		} else {
			followers = append(followers, m)
		}
	}
	if leader == nil {
		t.Fatal("no leader")
	}
	// Writes through a follower are forwarded and read back at once from that follower.
	registerType(t, followers[0], "counter")
	createGroup(t, followers[0], "counter", "g1", nil)
	if _, err := followers[0].groups().GetObjectGroupRef(ctxT(t, 5*time.Second), &pb.GetObjectGroupRefRequest{GroupId: "g1"}); err != nil {
		t.Fatalf("read-your-write on the follower: %v", err)
	}
	// A refusal through a follower comes back with the leader's code and reason.
	_, err = followers[0].factory().CreateObject(ctxT(t, 5*time.Second), &pb.CreateObjectRequest{TypeId: "counter", GroupId: "g1"})
	if code, info := errorInfo(t, err); code != codes.AlreadyExists || info == nil || info.Reason != "ALREADY_EXISTS" {
		t.Fatalf("duplicate group through a follower: %v", err)
	}
	want := snapshotOf(t, followers[0])
	for _, m := range ms {
		eventually(t, m.n.ID()+" to apply the writes", func() bool { return string(snapshotOf(t, m)) == string(want) })
	}

	leader.stop(t)
	start := time.Now()
	eventually(t, "a new leader", func() bool { return followers[0].n.IsLeader() || followers[1].n.IsLeader() })
	t.Logf("new leader after %v", time.Since(start).Round(time.Millisecond))
	for _, m := range followers {
		eventually(t, m.n.ID()+" to learn the new leader's address", func() bool {
			id, api := m.n.Leader()
			return id != leader.n.ID() && api != ""
		})
	}
	// Both survivors take writes; the old state is intact.
	registerType(t, followers[0], "bank")
	registerType(t, followers[1], "kv")
	for _, m := range followers {
		eventually(t, m.n.ID()+" to hold every type", func() bool {
			r, err := m.types().ListTypes(ctxT(t, 5*time.Second), &pb.ListTypesRequest{})
			return err == nil && len(r.Types) == 3
		})
		if _, err := m.groups().GetObjectGroupRef(ctxT(t, 5*time.Second), &pb.GetObjectGroupRefRequest{GroupId: "g1"}); err != nil {
			t.Fatalf("%s lost g1: %v", m.n.ID(), err)
		}
	}
}

// Properties resolve builtin < defaults < type < group through the API, and refusals carry
// the code and ErrorInfo of manager.proto.
func TestServerPropertiesAndErrors(t *testing.T) {
	m := startManager(t, "", "", true)
	waitLeader(t, m)
	ctx := ctxT(t, 20*time.Second)
	u := proto.Uint32
	registerType(t, m, "counter")
	if _, err := m.props().SetDefaultProperties(ctx, &pb.SetDefaultPropertiesRequest{Properties: &pb.Properties{InitialNumberMembers: u(5), MinimumNumberMembers: u(2)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.props().SetTypeProperties(ctx, &pb.SetTypePropertiesRequest{TypeId: "counter", Properties: &pb.Properties{InitialNumberMembers: u(4)}}); err != nil {
		t.Fatal(err)
	}
	createGroup(t, m, "counter", "g1", &pb.Properties{MinimumNumberMembers: u(3)})
	r, err := m.props().GetProperties(ctx, &pb.GetPropertiesRequest{GroupId: "g1"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Properties.GetInitialNumberMembers() != 4 || r.Properties.GetMinimumNumberMembers() != 3 || r.Properties.GetReplicationStyle() != pb.ReplicationStyle_REPLICATION_STYLE_STATELESS {
		t.Fatalf("resolved %v", r.Properties)
	}
	origin := map[pb.PropertyName]pb.PropertySource{}
	for _, o := range r.Origins {
		origin[o.Name] = o.Source
	}
	for name, want := range map[pb.PropertyName]pb.PropertySource{
		pb.PropertyName_PROPERTY_NAME_REPLICATION_STYLE:      pb.PropertySource_PROPERTY_SOURCE_BUILTIN,
		pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS: pb.PropertySource_PROPERTY_SOURCE_TYPE,
		pb.PropertyName_PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS: pb.PropertySource_PROPERTY_SOURCE_GROUP,
	} {
		if origin[name] != want {
			t.Errorf("%v from %v, want %v", name, origin[name], want)
		}
	}
	d, err := m.props().GetDefaultProperties(ctx, &pb.GetDefaultPropertiesRequest{})
	if err != nil || d.Properties.GetInitialNumberMembers() != 5 {
		t.Fatalf("defaults %v, %v", d, err)
	}

	for _, tc := range []struct {
		name   string
		call   func() error
		code   codes.Code
		reason string
		md     map[string]string
	}{
		{"invalid property", func() error {
			_, err := m.props().SetPropertiesDynamically(ctx, &pb.SetPropertiesDynamicallyRequest{GroupId: "g1", Properties: &pb.Properties{MinimumNumberMembers: u(9)}})
			return err
		}, codes.InvalidArgument, "INVALID_PROPERTY", map[string]string{"property": "MinimumNumberMembers", "scope": "group g1"}},
		{"unsupported property", func() error {
			_, err := m.props().SetPropertiesDynamically(ctx, &pb.SetPropertiesDynamicallyRequest{GroupId: "g1", Properties: &pb.Properties{ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_ACTIVE_WITH_VOTING, MinimumNumberMembers: u(2)}})
			return err
		}, codes.InvalidArgument, "UNSUPPORTED_PROPERTY", map[string]string{"scope": "group g1"}},
		{"group not found", func() error {
			_, err := m.groups().GetObjectGroupRef(ctx, &pb.GetObjectGroupRefRequest{GroupId: "nope"})
			return err
		}, codes.NotFound, "OBJECT_GROUP_NOT_FOUND", map[string]string{"group": "nope"}},
		{"type not found", func() error {
			_, err := m.factory().CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "nope", GroupId: "g2"})
			return err
		}, codes.NotFound, "TYPE_NOT_FOUND", map[string]string{"type": "nope"}},
		{"type in use", func() error {
			_, err := m.types().UnregisterType(ctx, &pb.UnregisterTypeRequest{TypeId: "counter"})
			return err
		}, codes.FailedPrecondition, "TYPE_IN_USE", map[string]string{"type": "counter"}},
		{"bad replication style", func() error {
			_, err := m.groups().SetPrimaryMember(ctx, &pb.SetPrimaryMemberRequest{GroupId: "g1", MemberId: "m1"})
			return err
		}, codes.FailedPrecondition, "BAD_REPLICATION_STYLE", map[string]string{"group": "g1"}},
	} {
		err := tc.call()
		code, info := errorInfo(t, err)
		if code != tc.code || info == nil || info.Reason != tc.reason {
			t.Errorf("%s: %v; want %v %s", tc.name, err, tc.code, tc.reason)
			continue
		}
		for k, v := range tc.md {
			if info.Metadata[k] != v {
				t.Errorf("%s: metadata %s=%q, want %q (%v)", tc.name, k, info.Metadata[k], v, info.Metadata)
			}
		}
	}

	// A missing field: INVALID_ARGUMENT with a BadRequest naming it.
	_, err = m.factory().CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "counter"})
	st, _ := status.FromError(err)
	var field string
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.FieldViolations) == 1 {
			field = br.FieldViolations[0].Field
		}
	}
	if st.Code() != codes.InvalidArgument || field != "group_id" {
		t.Fatalf("missing group_id: %v (field %q)", err, field)
	}
	// Propose returns the sentinels to Go callers.
	_, err = m.n.Propose(ctx, &pb.Command{Op: &pb.Command_DeleteGroup{DeleteGroup: &pb.DeleteObjectRequest{FactoryCreationId: "nope"}}})
	if !errors.Is(err, ErrGroupNotFound) {
		t.Fatalf("delete of a missing group: %v", err)
	}
}

// WatchView sends the current view, then each new one, and ends with NOT_FOUND when the group
// is deleted.
func TestWatchView(t *testing.T) {
	m := startManager(t, "", "", true)
	waitLeader(t, m)
	ctx := ctxT(t, 20*time.Second)
	registerType(t, m, "counter")
	v0 := createGroup(t, m, "counter", "g1", &pb.Properties{MembershipStyle: pb.MembershipStyle_MEMBERSHIP_STYLE_APPLICATION_CONTROLLED})
	stream, err := m.groups().WatchView(ctx, &pb.WatchViewRequest{GroupId: "g1"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := stream.Recv()
	if err != nil || got.Version != v0.Version {
		t.Fatalf("first view %v, %v; want version %d", got, err, v0.Version)
	}
	if _, err := m.n.Propose(ctx, &pb.Command{Op: &pb.Command_RegisterLocation{RegisterLocation: &pb.RegisterRequest{Location: "host-a", Incarnation: 1}}}); err != nil {
		t.Fatal(err)
	}
	added, err := m.groups().AddMember(ctx, &pb.AddMemberRequest{GroupId: "g1", Member: &pb.AddMemberRequest_External{External: &pb.ExternalMember{Location: "host-a", Address: "127.0.0.1:9"}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err = stream.Recv()
	if err != nil || got.Version != added.View.Version || got.Epoch != v0.Epoch+1 || len(got.Members) != 1 {
		t.Fatalf("view after add_member %v, %v; want %v", got, err, added.View)
	}
	// A client that already holds the current version gets only newer ones.
	stream2, err := m.groups().WatchView(ctx, &pb.WatchViewRequest{GroupId: "g1", KnownVersion: got.Version})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.factory().DeleteObject(ctx, &pb.DeleteObjectRequest{FactoryCreationId: "g1"}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []grpc.ServerStreamingClient[pb.View]{stream, stream2} {
		if v, err := s.Recv(); status.Code(err) != codes.NotFound {
			t.Fatalf("after delete: %v, %v; want NOT_FOUND", v, err)
		}
	}
}

// Three managers bootstrapped from one peer list elect a leader and replicate a write made
// through any of them.
func TestNodeBootstrapPeers(t *testing.T) {
	var peers []Peer
	for _, id := range []string{"a", "b", "c"} {
		// Reserve a port for each manager's Raft transport: the list must be known before any
		// manager starts.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		peers = append(peers, Peer{ID: id, RaftAddr: l.Addr().String()})
		l.Close()
	}
	var ms []*testManager
	for _, p := range peers {
		ms = append(ms, startManagerWith(t, "", NodeConfig{ID: p.ID, RaftAddr: p.RaftAddr, Bootstrap: true, Peers: peers}))
	}
	waitLeader(t, ms...)
	registerType(t, ms[2], "counter")
	want := snapshotOf(t, ms[2])
	for _, m := range ms {
		eventually(t, m.n.ID()+" to apply the write", func() bool { return string(snapshotOf(t, m)) == string(want) })
		servers, err := m.n.Servers()
		if err != nil || len(servers) != 3 {
			t.Fatalf("%s: configuration %v, %v", m.n.ID(), servers, err)
		}
	}
}

func TestNodeConfigValidate(t *testing.T) {
	err := NodeConfig{Bootstrap: false, Peers: []Peer{{ID: "a", RaftAddr: "x:1"}, {ID: "a"}}, ElectionTimeout: -1}.Validate()
	for _, want := range []string{"DataDir is empty", "RaftAddr is empty", "APIAddr is empty", "without Bootstrap", "without ID", `peer "a"=""`, `peer id "a" listed twice`, "ElectionTimeout -1ns is negative"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate: %v; want it to say %q", err, want)
		}
	}
	if err := (NodeConfig{ID: "a", DataDir: "d", RaftAddr: "r:1", APIAddr: "a:1", Bootstrap: true, Peers: []Peer{{ID: "b", RaftAddr: "x:1"}}}).Validate(); err == nil || !strings.Contains(err.Error(), `do not include this manager's ID "a"`) {
		t.Errorf("a peer list without this manager: %v", err)
	}
}

// An agent registers, heartbeats get the desired version, and Reconcile answers the members
// wanted at its location; a heartbeat of an unknown incarnation is told to register again.
func TestAgentService(t *testing.T) {
	m := startManager(t, "", "", true)
	waitLeader(t, m)
	ctx := ctxT(t, 20*time.Second)
	agents := pb.NewAgentServiceClient(m.conn)
	reg, err := agents.Register(ctx, &pb.RegisterRequest{Location: "host-a", AgentAddress: "127.0.0.1:9", Incarnation: 7})
	if err != nil || reg.HeartbeatInterval.AsDuration() != m.n.cfg.Control.HeartbeatInterval || reg.DesiredVersion == 0 {
		t.Fatalf("register: %v, %v", reg, err)
	}
	hb, err := agents.Heartbeat(ctx)
	if err != nil {
		t.Fatal(err)
	}
	beat := func(inc, seq uint64) *pb.HeartbeatResponse {
		t.Helper()
		if err := hb.Send(&pb.HeartbeatRequest{Location: "host-a", Incarnation: inc, Seq: seq}); err != nil {
			t.Fatal(err)
		}
		r, err := hb.Recv()
		if err != nil || r.Seq != seq {
			t.Fatalf("heartbeat %d: %v, %v", seq, r, err)
		}
		return r
	}
	if r := beat(7, 1); r.Reregister || r.DesiredVersion != reg.DesiredVersion {
		t.Fatalf("first ack %v; want desired version %d", r, reg.DesiredVersion)
	}
	if r := beat(6, 2); !r.Reregister {
		t.Fatalf("ack of an old incarnation %v; want reregister", r)
	}

	registerType(t, m, "counter")
	createGroup(t, m, "counter", "g1", &pb.Properties{MembershipStyle: pb.MembershipStyle_MEMBERSHIP_STYLE_APPLICATION_CONTROLLED})
	cm, err := m.groups().CreateMember(ctx, &pb.CreateMemberRequest{GroupId: "g1", Location: "host-a"})
	if err != nil {
		t.Fatal(err)
	}
	r := beat(7, 3)
	if r.DesiredVersion == reg.DesiredVersion {
		t.Fatal("desired version unchanged after a creation at the location")
	}
	rec, err := agents.Reconcile(ctx, &pb.ReconcileRequest{Location: "host-a", Incarnation: 7})
	if err != nil || rec.DesiredVersion != r.DesiredVersion || len(rec.Desired) != 1 || rec.Desired[0].MemberId != cm.Member.MemberId {
		t.Fatalf("reconcile: %v, %v; want %s at version %d", rec, err, cm.Member.MemberId, r.DesiredVersion)
	}
	hb.CloseSend()

	_, err = agents.Reconcile(ctx, &pb.ReconcileRequest{Location: "host-z"})
	if code, info := errorInfo(t, err); code != codes.NotFound || info == nil || info.Reason != "LOCATION_NOT_FOUND" || info.Metadata["location"] != "host-z" {
		t.Fatalf("reconcile of an unknown location: %v", err)
	}
}

// A manager that is in no cluster (it never bootstrapped nor joined) answers reads, and refuses
// writes after ApplyTimeout with UNAVAILABLE and a NOT_LEADER ErrorInfo.
func TestNotLeader(t *testing.T) {
	m := startManagerWith(t, "", NodeConfig{RaftAddr: "127.0.0.1:0", ApplyTimeout: 300 * time.Millisecond})
	ctx := ctxT(t, 20*time.Second)
	if _, err := m.types().ListTypes(ctx, &pb.ListTypesRequest{}); err != nil {
		t.Fatalf("read without a leader: %v", err)
	}
	_, err := m.types().RegisterType(ctx, &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "counter", Launch: &pb.LaunchSpec{Command: "x"}}})
	if code, info := errorInfo(t, err); code != codes.Unavailable || info == nil || info.Reason != "NOT_LEADER" {
		t.Fatalf("write without a leader: %v", err)
	}
	_, err = m.n.Propose(ctx, &pb.Command{Op: &pb.Command_RegisterType{RegisterType: &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "counter", Launch: &pb.LaunchSpec{Command: "x"}}}}})
	var nl *NotLeaderError
	if !errors.As(err, &nl) || !errors.Is(err, ErrNotLeader) {
		t.Fatalf("Propose without a leader: %v", err)
	}
}

// A forwarded write that the leader applied is never sent again, even when the follower's
// call ends before it applied the write itself: Propose would otherwise apply it twice.
func TestForwardAppliedElsewhereIsNotRetried(t *testing.T) {
	m := startManager(t, "", "m1", true)
	waitLeader(t, m)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	leader := grpc.NewServer()
	leader.RegisterService(&grpc.ServiceDesc{
		ServiceName: clusterService,
		HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{{MethodName: "Apply", Handler: func(_ any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
			if err := dec(new(wrapperspb.BytesValue)); err != nil {
				return nil, err
			}
			calls.Add(1)
			// Applied, at an index this manager never reaches.
			grpc.SetHeader(ctx, metadata.Pairs(indexHeader, "1000000"))
			return &pb.CreateMemberResponse{}, nil
		}}},
	}, struct{}{})
	go leader.Serve(lis)
	t.Cleanup(leader.Stop)

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err = m.n.forward(ctx, lis.Addr().String(), &pb.Command{})
	if !errors.Is(err, ErrOutcomeUnknown) || errors.Is(err, ErrNotLeader) {
		t.Fatalf("forward = %v; want ErrOutcomeUnknown (not ErrNotLeader: Propose retries those)", err)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("the leader got %d Apply calls, want 1", n)
	}
}
