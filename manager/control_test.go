package manager

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
)

// fakeAgent speaks AgentService over real gRPC as an agent would, without processes: every
// desired member "runs" (READY at a made-up address) unless the test made it exit. It
// heartbeats until stopped, reconciling whenever the desired version changes or the test asks.
type fakeAgent struct {
	t    *testing.T
	loc  string
	inc  uint64
	cli  pb.AgentServiceClient
	stop context.CancelFunc
	done chan struct{}

	mu     sync.Mutex
	exited map[string]bool             // member ids whose process "exited"
	runs   map[string]*pb.ActualMember // what it reported running last
	again  chan struct{}
}

func startFakeAgent(t *testing.T, m *testManager, loc string) *fakeAgent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a := &fakeAgent{t: t, loc: loc, inc: rand.Uint64() | 1, cli: pb.NewAgentServiceClient(m.conn), stop: cancel, done: make(chan struct{}),
		exited: map[string]bool{}, runs: map[string]*pb.ActualMember{}, again: make(chan struct{}, 1)}
	if _, err := a.cli.Register(ctxT(t, 10*time.Second), &pb.RegisterRequest{Location: loc, AgentAddress: "127.0.0.1:1", Incarnation: a.inc}); err != nil {
		t.Fatalf("register %s: %v", loc, err)
	}
	go a.run(ctx)
	t.Cleanup(a.halt)
	return a
}

// halt stops heartbeating (as a crashed agent would).
func (a *fakeAgent) halt() {
	a.stop()
	<-a.done
}

// exit makes the member's process exit: the next reconciliation reports it EXITED.
func (a *fakeAgent) exit(member string) {
	a.mu.Lock()
	a.exited[member] = true
	a.mu.Unlock()
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
		m = &pb.ActualMember{GroupId: m.GroupId, MemberId: m.MemberId, CreationId: m.CreationId, State: m.State, Address: m.Address}
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
				State: pb.ActualState_ACTUAL_STATE_READY, Address: fmt.Sprintf("127.0.0.1:%d", 20000+d.CreationId)}
			select { // report it ready at once
			case a.again <- struct{}{}:
			default:
			}
		}
	}
	for id := range a.runs {
		if !want[id] { // an orphan: stopped
			delete(a.runs, id)
		}
	}
	return r.DesiredVersion
}

// waitState polls the manager's state until cond holds or the deadline passes.
func waitState(t *testing.T, m *testManager, what string, cond func(*State) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ok := false
		m.n.Read(func(s *State) { ok = cond(s) })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var v *pb.View
			m.n.Read(func(s *State) { v, _ = s.View("g1") })
			t.Fatalf("timed out waiting for %s; view of g1: %v", what, v)
		}
		time.Sleep(10 * time.Millisecond) // poll interval, not a wait for an event
	}
}

func memberAt(s *State, group, loc string) *pb.Member {
	g, ok := s.groups[group]
	if !ok {
		return nil
	}
	for _, m := range g.View.Members {
		if m.Location == loc {
			return m
		}
	}
	return nil
}

// The leader's control loop repairs a STATELESS group from what agents report: members are
// created and join once ready; a member whose process exited is replaced; a location whose
// agent stops heartbeating is marked DOWN and its member replaced elsewhere; the faults are
// in the replicated history.
func TestControlLoopRepairs(t *testing.T) {
	m := startManager(t, "", "", true)
	waitLeader(t, m)
	agents := map[string]*fakeAgent{}
	for _, loc := range []string{"a", "b", "c", "d"} {
		agents[loc] = startFakeAgent(t, m, loc)
	}
	registerType(t, m, "echo")
	three := uint32(3)
	createGroup(t, m, "echo", "g1", &pb.Properties{ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_STATELESS,
		InitialNumberMembers: &three, MinimumNumberMembers: &three})

	waitState(t, m, "three members in the view", func(s *State) bool {
		g := s.groups["g1"]
		return len(g.View.Members) == 3 && len(g.Pending) == 0
	})
	var victim *pb.Member
	var first uint64
	m.n.Read(func(s *State) { victim, first = s.groups["g1"].View.Members[0], s.groups["g1"].View.Epoch })

	// A member's process exits: removed, and a new member created and added.
	agents[victim.Location].exit(victim.MemberId)
	waitState(t, m, "the exited member replaced", func(s *State) bool {
		g := s.groups["g1"]
		for _, x := range g.View.Members {
			if x.MemberId == victim.MemberId {
				return false
			}
		}
		return len(g.View.Members) == 3 && g.View.Epoch >= first+2
	})

	// An agent stops heartbeating: its location is judged down and its member replaced.
	var host string
	m.n.Read(func(s *State) { host = s.groups["g1"].View.Members[0].Location })
	agents[host].halt()
	waitState(t, m, "location "+host+" down and its member replaced", func(s *State) bool {
		l := s.locations[host]
		g := s.groups["g1"]
		return l.State == pb.LocationState_LOCATION_STATE_DOWN && memberAt(s, "g1", host) == nil && len(g.View.Members) == 3 && len(g.Pending) == 0
	})

	// Both faults are in the replicated history, queryable through the hosted notifier.
	nc := notifyv1.NewFaultNotifierClient(m.conn)
	h, err := nc.QueryHistory(ctxT(t, 10*time.Second), &notifyv1.QueryHistoryRequest{PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range h.Events {
		kinds[e.Kind]++
	}
	if kinds["HostCrashFault"] == 0 {
		t.Errorf("history %v: no HostCrashFault", kinds)
	}
	if m.n.ctl.repairs.Load() < 6 {
		t.Errorf("%d repairs proposed; want at least 6 (3 creations, 3 additions)", m.n.ctl.repairs.Load())
	}
}

// Leases for the primaries of passive groups: granted to the primary of the current epoch
// only, refused once the leader judged it failed; a primary whose failure is not certain is
// replaced only after the lease it may still hold, by a backup its reports made caught up;
// a backup a primary reports for omission is removed.
func TestLeasesAndPromotion(t *testing.T) {
	m := startManager(t, "", "", true)
	waitLeader(t, m)
	for _, loc := range []string{"a", "b", "c", "d"} {
		startFakeAgent(t, m, loc)
	}
	registerType(t, m, "counter")
	three := uint32(3)
	createGroup(t, m, "counter", "g1", &pb.Properties{ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE,
		InitialNumberMembers: &three, MinimumNumberMembers: &three})
	waitState(t, m, "three members", func(s *State) bool { return len(s.groups["g1"].View.Members) == 3 })
	var v *pb.View
	m.n.Read(func(s *State) { v, _ = s.View("g1") })
	primary := v.Primary
	var backups []string
	for _, x := range v.Members {
		if x.MemberId != primary {
			backups = append(backups, x.MemberId)
		}
	}
	ms := pb.NewMemberServiceClient(m.conn)
	ctx := ctxT(t, 30*time.Second)
	lease := m.n.cfg.Control.Repair.PrimaryLease

	r, err := ms.RenewLease(ctx, &pb.RenewLeaseRequest{GroupId: "g1", MemberId: primary, Epoch: v.Epoch, CaughtUp: backups[:1]})
	if err != nil || r.Lease.AsDuration() != lease {
		t.Fatalf("lease for the primary: %v, %v", r, err)
	}
	for _, x := range r.View.Members {
		if want := x.MemberId != backups[1]; x.CaughtUp != want {
			t.Errorf("member %s caught up %v; want %v", x.MemberId, x.CaughtUp, want)
		}
	}
	_, err = ms.RenewLease(ctx, &pb.RenewLeaseRequest{GroupId: "g1", MemberId: backups[0], Epoch: r.View.Epoch})
	if code, info := errorInfo(t, err); code != codes.FailedPrecondition || info == nil || info.Reason != "LEASE_REFUSED" {
		t.Errorf("lease for a backup: %v", err)
	}
	_, err = ms.RenewLease(ctx, &pb.RenewLeaseRequest{GroupId: "g1", MemberId: primary, Epoch: r.View.Epoch - 1})
	if code, info := errorInfo(t, err); code != codes.Aborted || info == nil || info.Reason != "STALE_EPOCH" {
		t.Errorf("lease for an old epoch: %v", err)
	}

	// A backup the primary reports for omission is removed (and replaced).
	nc := notifyv1.NewFaultNotifierClient(m.conn)
	if _, err := nc.PushStructuredFault(ctx, &notifyv1.PushStructuredFaultRequest{Events: []*notifyv1.FaultEvent{{
		Kind: "OmissionFault", ObjectGroupId: "g1", Member: backups[1], Detector: ReplicaDetector}}}); err != nil {
		t.Fatal(err)
	}
	waitState(t, m, backups[1]+" removed", func(s *State) bool { return !hasMember(s.groups["g1"].View, backups[1]) })

	// The primary is suspected (not certain): no more leases, and it is replaced only after
	// the lease it may hold, by the caught-up backup.
	suspected := time.Now()
	if _, err := nc.PushStructuredFault(ctx, &notifyv1.PushStructuredFaultRequest{Events: []*notifyv1.FaultEvent{{
		Kind: "ObjectCrashFault", ObjectGroupId: "g1", Member: primary, Detector: "test", Evidence: map[string]string{"certain": "false"}}}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the suspected primary refused a lease", func() bool {
		var e uint64
		m.n.Read(func(s *State) { e = s.groups["g1"].View.Epoch })
		_, err := ms.RenewLease(ctx, &pb.RenewLeaseRequest{GroupId: "g1", MemberId: primary, Epoch: e})
		_, info := errorInfo(t, err)
		return info != nil && info.Reason == "LEASE_REFUSED"
	})
	waitState(t, m, "the primary replaced", func(s *State) bool { return s.groups["g1"].View.Primary != primary })
	m.n.Read(func(s *State) { v, _ = s.View("g1") })
	if v.Primary != backups[0] {
		t.Errorf("promoted %q; want the caught-up backup %s", v.Primary, backups[0])
	}
	if waited := v.ChangedAt.AsTime().Sub(suspected); waited < lease {
		t.Errorf("primary replaced %v after it was suspected; want at least its lease %v", waited, lease)
	}
}

func hasMember(v *pb.View, id string) bool {
	for _, m := range v.Members {
		if m.MemberId == id {
			return true
		}
	}
	return false
}

// heartbeatStream is an agent's heartbeat stream driven by hand.
type heartbeatStream struct {
	t   *testing.T
	cli pb.AgentServiceClient
	loc string
	inc uint64
	st  pb.AgentService_HeartbeatClient
	seq uint64
}

func openHeartbeats(t *testing.T, m *testManager, ctx context.Context, loc string, inc uint64) *heartbeatStream {
	t.Helper()
	cli := pb.NewAgentServiceClient(m.conn)
	st, err := cli.Heartbeat(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &heartbeatStream{t: t, cli: cli, loc: loc, inc: inc, st: st}
}

// beat sends one heartbeat and waits for its acknowledgement, registering again when asked.
func (h *heartbeatStream) beat() {
	h.t.Helper()
	h.seq++
	if err := h.st.Send(&pb.HeartbeatRequest{Location: h.loc, Incarnation: h.inc, Seq: h.seq, SentAt: timestamppb.Now()}); err != nil {
		h.t.Fatal(err)
	}
	r, err := h.st.Recv()
	if err != nil {
		h.t.Fatal(err)
	}
	if r.Reregister {
		if _, err := h.cli.Register(ctxT(h.t, 10*time.Second), &pb.RegisterRequest{Location: h.loc, AgentAddress: "127.0.0.1:1", Incarnation: h.inc}); err != nil {
			h.t.Fatal(err)
		}
	}
}

// hostEvent polls the history for an event of kind at loc whose evidence error contains want.
func hostEvent(t *testing.T, m *testManager, kind, loc, want string) bool {
	t.Helper()
	h, err := notifyv1.NewFaultNotifierClient(m.conn).QueryHistory(ctxT(t, 10*time.Second), &notifyv1.QueryHistoryRequest{PageSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range h.Events {
		if e.Kind == kind && e.Location == loc && strings.Contains(e.Evidence["error"], want) {
			return true
		}
	}
	return false
}

// An agent's heartbeat stream that breaks (its connection dropped: a killed agent) makes its
// location a HostCrashFault at once, before any silence could; one the agent closes (EOF)
// does not; and the agent heartbeating again on a new stream ends the fault.
func TestHeartbeatStreamBreakIsAHostFault(t *testing.T) {
	m := startManager(t, "", "", true)
	waitLeader(t, m)
	const broke = "heartbeat stream broke"
	for _, loc := range []string{"a", "b"} {
		if _, err := pb.NewAgentServiceClient(m.conn).Register(ctxT(t, 10*time.Second), &pb.RegisterRequest{Location: loc, AgentAddress: "127.0.0.1:1", Incarnation: 7}); err != nil {
			t.Fatal(err)
		}
	}

	// b leaves on purpose: CloseSend, the manager ends the stream, nothing is suspected.
	b := openHeartbeats(t, m, ctxT(t, 10*time.Second), "b", 7)
	b.beat()
	b.beat()
	if err := b.st.CloseSend(); err != nil {
		t.Fatal(err)
	}
	if _, err := b.st.Recv(); err != io.EOF {
		t.Fatalf("b's stream after CloseSend: %v, want EOF", err)
	}

	// a's stream is cut (cancelled as a dropped connection is).
	actx, cut := context.WithCancel(context.Background())
	a := openHeartbeats(t, m, actx, "a", 7)
	a.beat()
	a.beat()
	began := time.Now()
	cut()
	waitFor(t, "a HostCrashFault at a for its broken stream", func() bool { return hostEvent(t, m, "HostCrashFault", "a", broke) })
	t.Logf("a broken stream made a HostCrashFault within %v", time.Since(began).Round(time.Millisecond))
	if hostEvent(t, m, "HostCrashFault", "b", broke) {
		t.Errorf("b closed its stream and was suspected for it")
	}

	// The same agent heartbeats again: the fault ends.
	a2 := openHeartbeats(t, m, ctxT(t, 20*time.Second), "a", 7)
	waitFor(t, "a HostRecovered at a", func() bool {
		a2.beat()
		return hostEvent(t, m, "HostRecovered", "a", "")
	})
}

// waitFor polls cond every 20ms until it holds or 15s pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// A primary first suspected (not certain: a paused process whose health checks time out) and
// then certainly dead (its agent killed and reaped it) is replaced at once: the certain fault
// replaces the suspicion, so the promotion does not wait out the lease.
func TestCertainFaultReplacesSuspicion(t *testing.T) {
	m := startManager(t, "", "", true)
	waitLeader(t, m)
	for _, loc := range []string{"a", "b", "c"} {
		startFakeAgent(t, m, loc)
	}
	registerType(t, m, "counter")
	two := uint32(2)
	createGroup(t, m, "counter", "g1", &pb.Properties{ReplicationStyle: pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE,
		InitialNumberMembers: &two, MinimumNumberMembers: &two})
	waitState(t, m, "two members", func(s *State) bool { return len(s.groups["g1"].View.Members) == 2 })
	var v *pb.View
	m.n.Read(func(s *State) { v, _ = s.View("g1") })
	primary, backup := v.Primary, ""
	for _, x := range v.Members {
		if x.MemberId != primary {
			backup = x.MemberId
		}
	}
	ctx := ctxT(t, 30*time.Second)
	if _, err := pb.NewMemberServiceClient(m.conn).RenewLease(ctx, &pb.RenewLeaseRequest{GroupId: "g1", MemberId: primary, Epoch: v.Epoch, CaughtUp: []string{backup}}); err != nil {
		t.Fatal(err)
	}
	// The lease is made long enough that a promotion waiting for it cannot happen in this test.
	m.n.ctl.mu.Lock()
	m.n.ctl.cfg.Repair.PrimaryLease = time.Hour
	m.n.ctl.mu.Unlock()

	nc := notifyv1.NewFaultNotifierClient(m.conn)
	push := func(certain string) {
		t.Helper()
		if _, err := nc.PushStructuredFault(ctx, &notifyv1.PushStructuredFaultRequest{Events: []*notifyv1.FaultEvent{{
			Kind: "ObjectCrashFault", ObjectGroupId: "g1", Member: primary, Detector: "test", Evidence: map[string]string{"certain": certain}}}}); err != nil {
			t.Fatal(err)
		}
	}
	push("false")
	eventually(t, "the suspicion observed", func() bool {
		m.n.ctl.mu.Lock()
		defer m.n.ctl.mu.Unlock()
		_, ok := m.n.ctl.obs.FailedMembers[MemberRef{"g1", primary}]
		return ok
	})
	m.n.Read(func(s *State) { v, _ = s.View("g1") })
	if v.Primary != primary {
		t.Fatalf("primary replaced on a suspicion, within its hour-long lease: %v", v)
	}
	push("true")
	waitState(t, m, "the backup promoted", func(s *State) bool { return s.groups["g1"].View.Primary == backup })
}
