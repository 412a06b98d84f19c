package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
)

var bins Binaries

func TestMain(m *testing.M) {
	root, err := ModuleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "warden-cluster-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if bins, err = Build(root, dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func check[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// dial connects to the managers with a client that tries each in turn.
func dial(t *testing.T, addr string) *grpc.ClientConn {
	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return cc
}

// eventually retries fn until it succeeds or the deadline passes (a manager may be
// electing, an agent registering).
func eventually(t *testing.T, what string, d time.Duration, fn func() error) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		err := fn()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still failing after %v: %v", what, d, err)
		}
		time.Sleep(20 * time.Millisecond) // poll interval
	}
}

type env struct {
	t      *testing.T
	c      *Cluster
	conns  map[string]*grpc.ClientConn // by manager API address
	agents map[string]*Agent
}

func (e *env) groups(m *Manager) pb.ObjectGroupManagerClient {
	return pb.NewObjectGroupManagerClient(e.conns[m.API])
}

// live returns a manager that is running.
func (e *env) live() *Manager {
	for _, m := range e.c.Managers {
		if !m.Exited() {
			return m
		}
	}
	e.t.Fatal("no manager is running")
	return nil
}

// leader finds the leader: followers answer an agent's Reconcile with NOT_LEADER.
func (e *env) leader() *Manager {
	e.t.Helper()
	var leader *Manager
	eventually(e.t, "find the leader", 20*time.Second, func() error {
		for _, m := range e.c.Managers {
			if m.Exited() {
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_, err := pb.NewAgentServiceClient(e.conns[m.API]).Reconcile(ctx, &pb.ReconcileRequest{Location: "a"})
			cancel()
			if err == nil {
				leader = m
				return nil
			}
		}
		return errors.New("no manager answers as leader")
	})
	return leader
}

func (e *env) view(group string) *pb.View {
	e.t.Helper()
	var v *pb.View
	eventually(e.t, "read the view of "+group, 20*time.Second, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		r, err := e.groups(e.live()).GetObjectGroupRef(ctx, &pb.GetObjectGroupRefRequest{GroupId: group})
		if err != nil {
			return err
		}
		v = r.View
		return nil
	})
	return v
}

// waitView polls the view until cond holds.
func (e *env) waitView(group, what string, cond func(*pb.View) bool) *pb.View {
	e.t.Helper()
	var v *pb.View
	eventually(e.t, what, 30*time.Second, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		r, err := e.groups(e.live()).GetObjectGroupRef(ctx, &pb.GetObjectGroupRefRequest{GroupId: group})
		if err != nil {
			return err
		}
		v = r.View
		if !cond(v) {
			return fmt.Errorf("view %v", v)
		}
		return nil
	})
	return v
}

// echo calls a member and returns who answered.
func echo(addr string) (*echov1.EchoResponse, error) {
	cc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	defer cc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return echov1.NewEchoServiceClient(cc).Echo(ctx, &echov1.EchoRequest{Message: "hi"})
}

// serving checks that every member of v answers as itself, and returns their pids.
func serving(v *pb.View) (map[string]int, error) {
	pids := map[string]int{}
	locs := map[string]bool{}
	for _, m := range v.Members {
		if locs[m.Location] {
			return nil, fmt.Errorf("two members at %s", m.Location)
		}
		locs[m.Location] = true
		r, err := echo(m.Address)
		if err != nil {
			return nil, fmt.Errorf("member %s at %s (%s): %v", m.MemberId, m.Location, m.Address, err)
		}
		if r.Member != m.MemberId || r.Location != m.Location {
			return nil, fmt.Errorf("%s answered as %s at %s, not %s at %s", m.Address, r.Member, r.Location, m.MemberId, m.Location)
		}
		pids[m.MemberId] = int(r.Pid)
	}
	return pids, nil
}

func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

func hasMember(v *pb.View, id string) bool {
	for _, m := range v.Members {
		if m.MemberId == id {
			return true
		}
	}
	return false
}

func notLeaderOf(err error) string {
	st, _ := status.FromError(err)
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.Reason == "NOT_LEADER" {
			return info.Metadata["leader"]
		}
	}
	return ""
}

// startCluster starts three managers and agents at locations a, b, c, d (four: a group of
// three needs a free location to replace a member whose host failed, one member per
// location), registers the echo type and creates g1, a STATELESS group of three members
// watched by PULL health checks every 200ms.
func startCluster(t *testing.T) *env {
	c := New(t, bins)
	e := &env{t: t, c: c, conns: map[string]*grpc.ClientConn{}, agents: map[string]*Agent{}}
	m1 := check(c.StartManager("m1", ""))(t)
	check(c.StartManager("m2", m1.API))(t)
	check(c.StartManager("m3", m1.API))(t)
	for _, m := range c.Managers {
		e.conns[m.API] = dial(t, m.API)
	}
	for _, loc := range []string{"a", "b", "c", "d"} {
		e.agents[loc] = check(c.StartAgent(loc))(t)
	}
	eventually(t, "four locations up", 30*time.Second, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		r, err := e.groups(m1).ListLocations(ctx, &pb.ListLocationsRequest{})
		if err != nil {
			return err
		}
		up := 0
		for _, l := range r.Locations {
			if l.State == pb.LocationState_LOCATION_STATE_UP {
				up++
			}
		}
		if up != 4 {
			return fmt.Errorf("%d locations up: %v", up, r.Locations)
		}
		return nil
	})
	ctx := ctxT(t, 30*time.Second)
	eventually(t, "register the echo type", 20*time.Second, func() error {
		_, err := pb.NewTypeRegistryClient(e.conns[m1.API]).RegisterType(ctx, &pb.RegisterTypeRequest{Type: &pb.MemberType{
			TypeId: "echo", Launch: &pb.LaunchSpec{Command: bins.Echo, Args: []string{"--listen", "127.0.0.1:{{port}}"}, StopGracePeriod: durationpb.New(2 * time.Second)}}})
		if status.Code(err) == 6 { // ALREADY_EXISTS: a retry of a write that went through
			return nil
		}
		return err
	})
	three := uint32(3)
	_, err := pb.NewGenericFactoryClient(e.conns[m1.API]).CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "echo", GroupId: "g1", Criteria: &pb.Properties{
		ReplicationStyle:        pb.ReplicationStyle_REPLICATION_STYLE_STATELESS,
		MembershipStyle:         pb.MembershipStyle_MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED,
		FaultMonitoringStyle:    pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL,
		FaultMonitoringInterval: durationpb.New(200 * time.Millisecond),
		FaultMonitoringTimeout:  durationpb.New(200 * time.Millisecond),
		InitialNumberMembers:    &three, MinimumNumberMembers: &three,
	}})
	if err != nil {
		t.Fatal(err)
	}
	e.waitView("g1", "three members serving", func(v *pb.View) bool {
		_, err := serving(v)
		return len(v.Members) == 3 && err == nil
	})
	return e
}

// The scenarios, one after the other on one cluster: a member SIGKILLed is replaced;
// a member SIGSTOPped past the monitoring timeout is treated as failed and SIGCONT does not
// bring it back beside its replacement; the leader manager SIGKILLed, the next leader carries
// on the repairs; an agent SIGKILLed, its members are replaced at other locations; an agent
// paused until it was replaced and resumed stops its orphans.
func TestStatelessGroupRepairs(t *testing.T) {
	e := startCluster(t)
	v := e.view("g1")
	pids := check(serving(v))(t)

	// 1. SIGKILL a member.
	victim := v.Members[0]
	syscall.Kill(pids[victim.MemberId], syscall.SIGKILL)
	v2 := e.waitView("g1", "the killed member replaced", func(nv *pb.View) bool {
		_, err := serving(nv)
		return !hasMember(nv, victim.MemberId) && len(nv.Members) == 3 && err == nil
	})
	if v2.Epoch < v.Epoch+2 {
		t.Errorf("epoch %d -> %d: want a removal and an addition", v.Epoch, v2.Epoch)
	}
	t.Logf("SIGKILL %s: replaced; epoch %d -> %d", victim.MemberId, v.Epoch, v2.Epoch)

	// 2. SIGSTOP a member past the monitoring timeout: failed, killed, replaced; SIGCONT after
	// its replacement leaves one member in the slot.
	pids = check(serving(v2))(t)
	paused := v2.Members[1]
	syscall.Kill(pids[paused.MemberId], syscall.SIGSTOP)
	v3 := e.waitView("g1", "the paused member replaced", func(nv *pb.View) bool {
		_, err := serving(nv)
		return !hasMember(nv, paused.MemberId) && len(nv.Members) == 3 && err == nil
	})
	syscall.Kill(pids[paused.MemberId], syscall.SIGCONT)
	eventually(t, "the paused member's process gone", 10*time.Second, func() error {
		if alive(pids[paused.MemberId]) {
			return fmt.Errorf("pid %d of %s still alive", pids[paused.MemberId], paused.MemberId)
		}
		return nil
	})
	if _, err := serving(e.view("g1")); err != nil {
		t.Fatalf("after SIGCONT: %v", err)
	}
	t.Logf("SIGSTOP %s: replaced; epoch %d -> %d", paused.MemberId, v2.Epoch, v3.Epoch)

	// 3. SIGKILL the leader manager; kill a member: the new leader repairs.
	old := e.leader()
	old.Kill()
	next := e.leader()
	if next == old {
		t.Fatal("the killed manager is still the leader")
	}
	pids = check(serving(v3))(t)
	victim = v3.Members[2]
	syscall.Kill(pids[victim.MemberId], syscall.SIGKILL)
	v4 := e.waitView("g1", "the member replaced by the new leader", func(nv *pb.View) bool {
		_, err := serving(nv)
		return !hasMember(nv, victim.MemberId) && len(nv.Members) == 3 && err == nil
	})
	t.Logf("leader %s killed, %s leads: %s replaced; epoch %d -> %d", old.ID, next.ID, victim.MemberId, v3.Epoch, v4.Epoch)
	if err := old.Restart(); err != nil {
		t.Fatal(err)
	}

	// 4. SIGKILL an agent: its location is down and its member replaced elsewhere.
	host := v4.Members[0].Location
	lost := v4.Members[0].MemberId
	e.agents[host].Kill()
	v5 := e.waitView("g1", "the member of the killed agent replaced", func(nv *pb.View) bool {
		_, err := serving(nv)
		for _, m := range nv.Members {
			if m.Location == host {
				return false
			}
		}
		return len(nv.Members) == 3 && err == nil
	})
	t.Logf("agent %s killed: %s replaced; epoch %d -> %d", host, lost, v4.Epoch, v5.Epoch)
	if err := e.agents[host].Restart(); err != nil {
		t.Fatal(err)
	}

	// 5. Pause an agent (its members keep running) until its members are replaced; resumed,
	// it registers again and stops its orphans.
	pids = check(serving(v5))(t)
	pausedAgent := e.agents[v5.Members[1].Location]
	orphan := v5.Members[1]
	pausedAgent.Stop()
	v6 := e.waitView("g1", "the paused agent's member replaced", func(nv *pb.View) bool {
		for _, m := range nv.Members {
			if m.Location == orphan.Location {
				return false
			}
		}
		_, err := serving(nv)
		return len(nv.Members) == 3 && err == nil
	})
	if !alive(pids[orphan.MemberId]) {
		t.Logf("note: %s died with its paused agent", orphan.MemberId)
	}
	pausedAgent.Cont()
	eventually(t, "the orphan "+orphan.MemberId+" stopped", 20*time.Second, func() error {
		if alive(pids[orphan.MemberId]) {
			return fmt.Errorf("orphan pid %d still running", pids[orphan.MemberId])
		}
		return nil
	})
	t.Logf("agent %s paused: %s replaced (epoch %d -> %d), orphan stopped on resume", orphan.Location, orphan.MemberId, v5.Epoch, v6.Epoch)
	if v6.Epoch <= v.Epoch || strings.Count(fmt.Sprint(v6.Members), "member_id") != 3 {
		t.Fatalf("final view %v", v6)
	}
}
