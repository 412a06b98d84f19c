package agent

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/proto"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	notifyv1 "github.com/wardenft/warden/api/warden/notify/v1"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/replica"
)

// An Agent is the warden agent of one location. Make it with New, run it once with Run; its
// other methods are safe for concurrent use at any time.
type Agent struct {
	cfg         Config
	log         *slog.Logger
	clock       detect.Clock
	incarnation uint64
	dataDir     string // absolute

	lis     net.Listener
	srv     *grpc.Server
	health  *health.Server
	push    *pushMonitor // nil: push monitoring off
	holders *replica.HolderServer
	spawner *spawner
	watcher *detect.ProcessWatcher

	verdicts        chan detect.Verdict // pollers, push, readiness, start timeouts
	verdictObserver *detect.Observer
	verdictsDropped atomic.Uint64
	exits           chan exitMsg

	mu        sync.Mutex // guards the member table below
	members   map[MemberID]*member
	bySource  map[string]*member
	ports     map[int]bool
	eventSeq  uint64
	stopping  bool // Run is shutting down: start nothing
	memberCtx context.Context

	faults        *faultQueue
	reconcileReq  chan struct{}
	reconciledVer atomic.Uint64

	sessMu     sync.Mutex
	sess       *session
	sessChange chan struct{} // closed and replaced whenever sess changes
	leaderHint string
	conns      map[string]*grpc.ClientConn

	eventsDropped atomic.Uint64
	ran           atomic.Bool
}

type exitMsg struct {
	id MemberID
	v  detect.Verdict
}

// New validates cfg, creates DataDir, reads the state file an earlier incarnation left, and
// binds the agent's gRPC listener and heartbeat socket (so Addr and HeartbeatAddr are known
// before Run). Nothing runs until Run.
func New(cfg Config) (*Agent, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Clock == nil {
		cfg.Clock = detect.SystemClock()
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("location", cfg.Location)
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("agent: data dir: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("agent: data dir: %w", err)
	}
	prev, err := readState(dir)
	if err != nil {
		return nil, fmt.Errorf("%w (move it away to start afresh: the members it lists are then not known to be lost)", err)
	}
	if prev != nil && prev.Location != cfg.Location {
		return nil, fmt.Errorf("agent: data dir %s belongs to location %q, not %q", dir, prev.Location, cfg.Location)
	}
	inc := cfg.Incarnation
	for inc == 0 {
		var b [8]byte
		if _, err := crand.Read(b[:]); err != nil {
			return nil, fmt.Errorf("agent: incarnation: %w", err)
		}
		inc = binary.LittleEndian.Uint64(b[:])
	}

	a := &Agent{
		cfg: cfg, log: log, clock: cfg.Clock, incarnation: inc, dataDir: dir,
		watcher:      detect.NewProcessWatcher(cfg.Clock, nil),
		verdicts:     make(chan detect.Verdict, 4096),
		exits:        make(chan exitMsg),
		members:      map[MemberID]*member{},
		bySource:     map[string]*member{},
		ports:        map[int]bool{},
		faults:       newFaultQueue(cfg.FaultQueueLength),
		reconcileReq: make(chan struct{}, 1),
		sessChange:   make(chan struct{}),
		conns:        map[string]*grpc.ClientConn{},
	}
	a.verdictObserver = detect.NewObserver(a.verdicts, nil)
	if prev != nil {
		for _, r := range prev.Members {
			status := r.ExitStatus
			if r.Running {
				status = fmt.Sprintf("lost: the agent restarted (it ran as pid %d under incarnation %d)", r.PID, prev.Incarnation)
				if r.PID == 0 {
					status = fmt.Sprintf("lost: the agent restarted while starting it (incarnation %d)", prev.Incarnation)
				}
			}
			id := MemberID{Group: r.Group, Member: r.Member, CreationID: r.Creation}
			a.members[id] = &member{id: id, state: pb.ActualState_ACTUAL_STATE_EXITED, exitStatus: status,
				pid: r.PID, exited: closedChan()}
		}
	}

	a.lis, err = net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return nil, fmt.Errorf("agent: listen %s: %w", cfg.ListenAddr, err)
	}
	a.srv = grpc.NewServer()
	a.health = health.NewServer()
	healthpb.RegisterHealthServer(a.srv, a.health)
	a.holders = replica.NewHolderServer(replica.HolderServerConfig{Logger: log})
	a.holders.Register(a.srv)
	if cfg.HeartbeatListen != "" {
		a.push, err = newPushMonitor(cfg.HeartbeatListen, cfg.Clock, log, a.deliverVerdict)
		if err != nil {
			a.lis.Close()
			return nil, err
		}
	}
	return a, nil
}

func closedChan() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}

// Incarnation returns this run's incarnation, registered with the managers.
func (a *Agent) Incarnation() uint64 { return a.incarnation }

// Addr returns the address of the agent's gRPC server, as registered (agent_address).
func (a *Agent) Addr() string { return advertised(a.lis.Addr(), a.cfg.AdvertiseHost) }

// HeartbeatAddr returns the UDP address PUSH members are told to heartbeat to, or "" when push
// monitoring is off.
func (a *Agent) HeartbeatAddr() string {
	if a.push == nil {
		return ""
	}
	return advertised(a.push.Addr(), "127.0.0.1")
}

// advertised turns a bound address into one others can dial: an unspecified host (0.0.0.0,
// ::) becomes host.
func advertised(addr net.Addr, host string) string {
	h, p, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(h); ip != nil && ip.IsUnspecified() {
		h = host
	}
	return net.JoinHostPort(h, p)
}

// Stats counts what the agent could not deliver and what waits.
type Stats struct {
	FaultsQueued    int    // fault events not yet acknowledged by a manager
	FaultsDropped   uint64 // fault events dropped because the queue was full
	EventsDropped   uint64 // Config.Events was full
	VerdictsDropped uint64 // detector verdicts lost because the agent fell behind
}

// Stats returns the counters.
func (a *Agent) Stats() Stats {
	q, d := a.faults.stats()
	return Stats{FaultsQueued: q, FaultsDropped: d, EventsDropped: a.eventsDropped.Load(),
		VerdictsDropped: a.verdictsDropped.Load() + a.verdictObserver.Dropped()}
}

// MemberStatus is a snapshot of one member the agent knows.
type MemberStatus struct {
	ID      MemberID
	TypeID  string
	Role    pb.DesiredRole
	State   pb.ActualState
	Address string // host:port, once started
	PID     int    // 0 if it never started
	// ExitStatus says how an EXITED member ended: "exit 1", "signal SIGKILL", "start: ...".
	ExitStatus string
	// Stopping: the agent is stopping it (not desired any more, or shutting down).
	Stopping bool
	DataDir  string
}

// Members returns every member the agent knows (running, held, exited and not yet
// forgotten), by group and creation id.
func (a *Agent) Members() []MemberStatus {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]MemberStatus, 0, len(a.members))
	for _, m := range a.members {
		out = append(out, MemberStatus{ID: m.id, TypeID: m.typeID, Role: m.role, State: m.state,
			Address: m.address, PID: m.pid, ExitStatus: m.exitStatus, Stopping: m.stopping, DataDir: m.dataDir})
	}
	sortMembers(out, func(s MemberStatus) MemberID { return s.ID })
	return out
}

// Run runs the agent until ctx ends: it registers with a manager, heartbeats, reconciles,
// starts, watches and stops members, and reports their faults. When ctx ends it stops every
// member (SIGTERM, then SIGKILL after the member's grace period), tells a manager that they
// exited if one answers within a few seconds, and returns. It returns an error only if it
// cannot start; Run may be called once.
func (a *Agent) Run(ctx context.Context) error {
	if !a.ran.CompareAndSwap(false, true) {
		return errors.New("agent: Run called twice")
	}
	if n, err := sweepLeftovers(a.dataDir, a.incarnation); err != nil {
		a.log.Warn("agent: cannot look for processes an earlier incarnation left", "err", err)
	} else if n > 0 {
		a.log.Warn("agent: killed processes an earlier incarnation left", "processes", n)
	}
	a.mu.Lock()
	for _, m := range a.members {
		if m.state == pb.ActualState_ACTUAL_STATE_EXITED && strings.HasPrefix(m.exitStatus, "lost: ") {
			a.log.Warn("agent: member lost with the previous incarnation", "group", m.id.Group, "member", m.id.Member,
				"creation_id", m.id.CreationID, "exit_status", m.exitStatus)
			a.emit(Event{Kind: EventMemberExited, Member: m.id, Status: m.exitStatus})
		}
	}
	err := a.saveStateLocked()
	a.mu.Unlock()
	if err != nil {
		a.srv.Stop()
		if a.push != nil {
			a.push.conn.Close()
		}
		return err
	}

	a.spawner = newSpawner()
	memberCtx, stopMembers := context.WithCancel(context.Background())
	a.mu.Lock()
	a.memberCtx = memberCtx
	a.mu.Unlock()
	var inner sync.WaitGroup // lives until the members are stopped
	inner.Add(1)
	go func() { defer inner.Done(); a.handle(memberCtx) }()
	if a.push != nil {
		inner.Add(1)
		go func() { defer inner.Done(); a.push.run(memberCtx) }()
	}
	go a.srv.Serve(a.lis)

	var outer sync.WaitGroup // ends with ctx
	for _, f := range []func(context.Context){a.runSessions, a.runReconciler, a.runReporter} {
		outer.Add(1)
		go func() { defer outer.Done(); f(ctx) }()
	}
	a.log.Info("agent: running", "addr", a.Addr(), "heartbeats", a.HeartbeatAddr(), "incarnation", a.incarnation,
		"data", a.dataDir, "managers", a.cfg.Managers)
	<-ctx.Done()
	outer.Wait()

	a.health.Shutdown()
	a.stopAll("the agent shut down")
	a.finalReconcile()
	stopMembers()
	inner.Wait()
	a.watcher.Wait()
	a.spawner.close()
	a.srv.Stop()
	a.holders.Close()
	a.sessMu.Lock()
	for _, c := range a.conns {
		c.Close()
	}
	a.sessMu.Unlock()
	a.mu.Lock()
	if err := a.saveStateLocked(); err != nil {
		a.log.Error("agent: cannot save the state file", "err", err)
	}
	a.mu.Unlock()
	a.log.Info("agent: stopped")
	return nil
}

// emit hands e to Config.Events without blocking.
func (a *Agent) emit(e Event) {
	if a.cfg.Events == nil {
		return
	}
	if e.At.IsZero() {
		e.At = a.clock.Now()
	}
	select {
	case a.cfg.Events <- e:
	default:
		a.eventsDropped.Add(1)
	}
}

// deliverVerdict queues a verdict for the handler without blocking (detector drivers call it
// with their own locks held).
func (a *Agent) deliverVerdict(v detect.Verdict) {
	select {
	case a.verdicts <- v:
	default:
		if a.verdictsDropped.Add(1) == 1 {
			a.log.Error("agent: detector verdicts dropped: the agent fell behind", "source", v.Source)
		}
	}
}

// queueFaultLocked turns a verdict about m into a fault event and queues it for ReportFault.
func (a *Agent) queueFaultLocked(m *member, v detect.Verdict, extra map[string]string) {
	a.eventSeq++
	id := "agent-" + strconv.FormatUint(a.incarnation, 16) + "-" + strconv.FormatUint(a.eventSeq, 10)
	ev, ok := faultEvent(id, v, placement{Domain: a.cfg.Domain, Location: a.cfg.Location, TypeID: m.typeID,
		ID: m.id, Epoch: m.epoch()}, extra)
	if !ok {
		return
	}
	if err := ev.Validate(); err != nil {
		// A bug: the manager would refuse it forever.
		a.log.Error("agent: invalid fault event not reported", "group", m.id.Group, "member", m.id.Member, "err", err)
		return
	}
	p := ev.Proto()
	a.memberLog(m).Warn("agent: fault", "kind", p.GetKind(), "detector", p.GetDetector(), "verdict", v.String())
	if a.faults.push(p) {
		a.log.Error("agent: fault queue full: dropped the oldest unreported fault", "queue", a.cfg.FaultQueueLength)
	}
	a.emit(Event{Kind: EventFaultQueued, Member: m.id, Fault: cloneFault(p)})
}

func (a *Agent) memberLog(m *member) *slog.Logger {
	return a.log.With("group", m.id.Group, "member", m.id.Member, "creation_id", m.id.CreationID, "epoch", m.epoch())
}

// requestReconcile asks the reconciler to report the actual members soon.
func (a *Agent) requestReconcile() {
	select {
	case a.reconcileReq <- struct{}{}:
	default:
	}
}

// sleep waits d on the agent's clock or until ctx ends; it reports whether d passed.
func (a *Agent) sleep(ctx context.Context, d time.Duration) bool {
	t := a.clock.NewTimer(d)
	select {
	case <-t.C():
		return true
	case <-ctx.Done():
		t.Stop()
		return false
	}
}

func cloneFault(e *notifyv1.FaultEvent) *notifyv1.FaultEvent {
	return proto.Clone(e).(*notifyv1.FaultEvent)
}
