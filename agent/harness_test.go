package agent_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/wardenft/warden/agent"
	echov1 "github.com/wardenft/warden/api/warden/echo/v1"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/manager"
)

// The tests share one manager (a Raft node of its own, bootstrapped alone) started here; each
// test uses its own locations, types and groups. Members are real processes of the echo
// example, built once here. With WARDEN_AGENT_TEST_CHILD set, the test binary is an agent
// process instead (see runChildAgent), for the tests that SIGKILL an agent.
var (
	managerAddr string
	managerConn *grpc.ClientConn
	echoBin     string
)

const childEnv = "WARDEN_AGENT_TEST_CHILD"

func TestMain(m *testing.M) {
	if cfg := os.Getenv(childEnv); cfg != "" {
		os.Exit(runChildAgent(cfg))
	}
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "agent-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	echoBin = filepath.Join(tmp, "echo")
	if out, err := exec.Command("go", "build", "-o", echoBin, "github.com/wardenft/warden/examples/echo").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the echo example: %v\n%s", err, out)
		return 1
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	n, err := manager.OpenNode(manager.LocalProfile(manager.NodeConfig{DataDir: filepath.Join(tmp, "manager"),
		RaftAddr: "127.0.0.1:0", APIAddr: lis.Addr().String(), Bootstrap: true, Logger: quietLogger()}))
	if err != nil {
		fmt.Fprintln(os.Stderr, "manager:", err)
		return 1
	}
	srv := grpc.NewServer()
	manager.RegisterServices(srv, n)
	go srv.Serve(lis)
	defer func() { srv.Stop(); n.Shutdown() }()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	err = n.WaitLeader(ctx)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "manager:", err)
		return 1
	}
	managerAddr = lis.Addr().String()
	if managerConn, err = grpc.NewClient(managerAddr, grpc.WithTransportCredentials(insecure.NewCredentials())); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer managerConn.Close()
	return m.Run()
}

var runs atomic.Int64

// unique makes names unique to one run of a test: the manager outlives the runs of -count.
func unique() func(string) string {
	n := runs.Add(1)
	return func(s string) string { return fmt.Sprintf("%s-%d", s, n) }
}

func quietLogger() *slog.Logger {
	if os.Getenv("AGENT_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// ---------------------------------------------------------------------------------------------
// The manager's side.

func registerType(t *testing.T, typeID string, launch *pb.LaunchSpec) {
	t.Helper()
	_, err := pb.NewTypeRegistryClient(managerConn).RegisterType(ctxT(t, 20*time.Second),
		&pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: typeID, Launch: launch}})
	if err != nil {
		t.Fatalf("register type %s: %v", typeID, err)
	}
}

// echoLaunch starts the echo example on the assigned port.
func echoLaunch(extraArgs ...string) *pb.LaunchSpec {
	return &pb.LaunchSpec{Command: echoBin, Args: append([]string{"--listen", "127.0.0.1:{{port}}"}, extraArgs...),
		StopGracePeriod: durationpb.New(3 * time.Second)}
}

// props are a group's criteria: STATELESS, application-controlled membership (so that the
// manager's repair loop, whatever it does, leaves the members these tests create alone),
// one member at loc, monitored with style every interval with timeout.
func props(loc string, style pb.FaultMonitoringStyle, interval, timeout time.Duration) *pb.Properties {
	one := uint32(1)
	return &pb.Properties{
		ReplicationStyle:        pb.ReplicationStyle_REPLICATION_STYLE_STATELESS,
		MembershipStyle:         pb.MembershipStyle_MEMBERSHIP_STYLE_APPLICATION_CONTROLLED,
		FaultMonitoringStyle:    style,
		InitialNumberMembers:    &one,
		MinimumNumberMembers:    &one,
		FaultMonitoringInterval: durationpb.New(interval),
		FaultMonitoringTimeout:  durationpb.New(timeout),
		Factories:               &pb.Factories{Locations: []string{loc}},
	}
}

func createGroup(t *testing.T, typeID, group string, criteria *pb.Properties) {
	t.Helper()
	_, err := pb.NewGenericFactoryClient(managerConn).CreateObject(ctxT(t, 20*time.Second),
		&pb.CreateObjectRequest{TypeId: typeID, GroupId: group, Criteria: criteria})
	if err != nil {
		t.Fatalf("create group %s: %v", group, err)
	}
}

// createMember asks for a member of group at loc. A member the repair loop already created
// there (infrastructure-controlled groups) is as good.
func createMember(t *testing.T, group, loc string) {
	t.Helper()
	_, err := pb.NewObjectGroupManagerClient(managerConn).CreateMember(ctxT(t, 20*time.Second),
		&pb.CreateMemberRequest{GroupId: group, Location: loc})
	if err != nil && status.Code(err) != codes.AlreadyExists {
		t.Fatalf("create member of %s at %s: %v", group, loc, err)
	}
}

func deleteGroup(t *testing.T, group string) {
	t.Helper()
	_, err := pb.NewGenericFactoryClient(managerConn).DeleteObject(ctxT(t, 20*time.Second),
		&pb.DeleteObjectRequest{FactoryCreationId: group})
	if err != nil {
		t.Fatalf("delete group %s: %v", group, err)
	}
}

// testNode is a manager of a cluster of its own (not the shared manager).
type testNode struct {
	n    *manager.Node
	addr string
	conn *grpc.ClientConn
}

// startNode starts a manager that bootstraps alone (join == "") or joins the cluster of the
// manager at join.
func startNode(t *testing.T, join string) *testNode {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	n, err := manager.OpenNode(manager.LocalProfile(manager.NodeConfig{DataDir: t.TempDir(), RaftAddr: "127.0.0.1:0",
		APIAddr: lis.Addr().String(), Bootstrap: join == "", Logger: quietLogger()}))
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer()
	manager.RegisterServices(srv, n)
	go srv.Serve(lis)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(); srv.Stop(); n.Shutdown() })
	if join == "" {
		err = n.WaitLeader(ctxT(t, 30*time.Second))
	} else {
		err = n.JoinCluster(ctxT(t, 30*time.Second), join)
	}
	if err != nil {
		t.Fatal(err)
	}
	return &testNode{n: n, addr: lis.Addr().String(), conn: conn}
}

// ---------------------------------------------------------------------------------------------
// Agents in this process.

// testAgent is an agent running in the test process, with every event it emitted.
type testAgent struct {
	*agent.Agent
	cfg  agent.Config
	rec  *recorder
	stop func() // ends Run and waits for it
}

type recorder struct {
	mu     sync.Mutex
	events []agent.Event
	more   chan struct{} // closed and replaced on every event
}

func newRecorder() *recorder { return &recorder{more: make(chan struct{})} }

func (r *recorder) run(ch <-chan agent.Event) {
	for e := range ch {
		r.mu.Lock()
		r.events = append(r.events, e)
		close(r.more)
		r.more = make(chan struct{})
		r.mu.Unlock()
	}
}

// wait returns the first event from index from on that satisfies pred, waiting for it up to
// 30s, and the index after it.
func (r *recorder) wait(t *testing.T, from int, what string, pred func(agent.Event) bool) (agent.Event, int) {
	t.Helper()
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		for i := from; i < len(r.events); i++ {
			if pred(r.events[i]) {
				e := r.events[i]
				r.mu.Unlock()
				return e, i + 1
			}
		}
		from = len(r.events)
		more := r.more
		r.mu.Unlock()
		select {
		case <-more:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s; events:\n%s", what, r.dump())
		}
	}
}

func (r *recorder) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

func (r *recorder) all() []agent.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]agent.Event(nil), r.events...)
}

func (r *recorder) dump() string {
	var b strings.Builder
	for _, e := range r.all() {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	return b.String()
}

func isKind(k agent.EventKind, group string) func(agent.Event) bool {
	return func(e agent.Event) bool { return e.Kind == k && (group == "" || e.Member.Group == group) }
}

// startAgent runs an agent for location loc against the shared manager (or managers, when
// given), with quick reconnects; change sets more.
func startAgent(t *testing.T, loc string, change func(*agent.Config), managers ...string) *testAgent {
	t.Helper()
	cfg := agent.DefaultConfig()
	cfg.Location = loc
	cfg.Managers = []string{managerAddr}
	if len(managers) > 0 {
		cfg.Managers = managers
	}
	cfg.DataDir = t.TempDir()
	cfg.ListenAddr = "127.0.0.1:0"
	cfg.HeartbeatListen = "127.0.0.1:0"
	cfg.ReconnectMin, cfg.ReconnectMax = 50*time.Millisecond, 500*time.Millisecond
	cfg.RPCTimeout = 5 * time.Second
	cfg.ResyncInterval = time.Hour // changes must come through the heartbeats' desired version
	cfg.StartTimeout = 20 * time.Second
	cfg.Logger = quietLogger().With("test", t.Name())
	if change != nil {
		change(&cfg)
	}
	events := make(chan agent.Event, 4096)
	cfg.Events = events
	a, err := agent.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder()
	go rec.run(events)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var once sync.Once
	ta := &testAgent{Agent: a, cfg: cfg, rec: rec}
	ta.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("agent %s: Run: %v", loc, err)
			}
			if s := a.Stats(); s.EventsDropped > 0 || s.VerdictsDropped > 0 {
				t.Errorf("agent %s dropped events: %+v", loc, s)
			}
		})
	}
	t.Cleanup(ta.stop)
	rec.wait(t, 0, "the agent to register", isKind(agent.EventRegistered, ""))
	return ta
}

func (a *testAgent) member(group string) (agent.MemberStatus, bool) {
	for _, m := range a.Members() {
		if m.ID.Group == group {
			return m, true
		}
	}
	return agent.MemberStatus{}, false
}

func (a *testAgent) membersOf(group string) []agent.MemberStatus {
	var out []agent.MemberStatus
	for _, m := range a.Members() {
		if m.ID.Group == group {
			out = append(out, m)
		}
	}
	return out
}

// ---------------------------------------------------------------------------------------------
// Processes.

// alive reports whether pid is a live process (a zombie is not).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// eventually polls cond every 10ms until it holds, failing after 30s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func echo(t *testing.T, addr string) *echov1.EchoResponse {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r, err := echov1.NewEchoServiceClient(conn).Echo(ctxT(t, 10*time.Second), &echov1.EchoRequest{Message: "ping"})
	if err != nil {
		t.Fatalf("Echo at %s: %v", addr, err)
	}
	return r
}

// ---------------------------------------------------------------------------------------------
// A TCP proxy that can cut the agent off from the managers.

type proxy struct {
	lis    net.Listener
	target string
	mu     sync.Mutex
	cut    bool
	conns  map[net.Conn]bool
}

func newProxy(t *testing.T, target string) *proxy {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{lis: lis, target: target, conns: map[net.Conn]bool{}}
	go p.serve()
	t.Cleanup(func() { lis.Close(); p.setCut(true) })
	return p
}

func (p *proxy) addr() string { return p.lis.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.lis.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.cut {
			p.mu.Unlock()
			c.Close()
			continue
		}
		u, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns[c], p.conns[u] = true, true
		p.mu.Unlock()
		go func() { io.Copy(u, c); u.Close(); c.Close() }()
		go func() { io.Copy(c, u); u.Close(); c.Close() }()
	}
}

// setCut cuts every connection and refuses new ones (true), or lets them through again.
func (p *proxy) setCut(cut bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	if cut {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}

// ---------------------------------------------------------------------------------------------
// Agent processes: the test binary re-executed as an agent, printing its events.

type childConfig struct {
	Location string `json:"location"`
	Manager  string `json:"manager"`
	DataDir  string `json:"data_dir"`
}

func runChildAgent(js string) int {
	var c childConfig
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cfg := agent.DefaultConfig()
	cfg.Location, cfg.Managers, cfg.DataDir = c.Location, []string{c.Manager}, c.DataDir
	cfg.ListenAddr, cfg.HeartbeatListen = "127.0.0.1:0", "127.0.0.1:0"
	cfg.ReconnectMin, cfg.ReconnectMax, cfg.ResyncInterval = 50*time.Millisecond, 500*time.Millisecond, time.Hour
	cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	events := make(chan agent.Event, 1024)
	cfg.Events = events
	a, err := agent.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	go func() {
		for e := range events {
			g, m := e.Member.Group, e.Member.Member
			if g == "" {
				g, m = "-", "-"
			}
			fmt.Printf("event %s %s %s %d %q\n", e.Kind, g, m, e.Member.CreationID, e.Status)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if err := a.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

type childEvent struct {
	kind, group, member, status string
}

// childAgent is an agent process; its events arrive on events.
type childAgent struct {
	cmd    *exec.Cmd
	events chan childEvent
	done   chan struct{}
}

func startChildAgent(t *testing.T, c childConfig) *childAgent {
	t.Helper()
	js, _ := json.Marshal(c)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(js))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("AGENT_TEST_LOG") != "" {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ca := &childAgent{cmd: cmd, events: make(chan childEvent, 1024), done: make(chan struct{})}
	go func() {
		defer close(ca.done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var e childEvent
			var creation int
			var st string
			if n, _ := fmt.Sscanf(sc.Text(), "event %s %s %s %d %q", &e.kind, &e.group, &e.member, &creation, &st); n >= 1 {
				e.status = st
				ca.events <- e
			}
		}
		cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-ca.done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-ca.done
		}
	})
	return ca
}

// wait returns the next event of kind about group, failing after 30s.
func (c *childAgent) wait(t *testing.T, kind, group string) childEvent {
	t.Helper()
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for {
		select {
		case e := <-c.events:
			if (kind == "" || e.kind == kind) && (group == "" || e.group == group) {
				return e
			}
		case <-c.done:
			t.Fatalf("agent process ended while waiting for %s %s", kind, group)
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s %s from the agent process", kind, group)
		}
	}
}
