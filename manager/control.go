package manager

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wardenft/warden/analyze"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/detect"
	"github.com/wardenft/warden/internal/monitor"
	"github.com/wardenft/warden/notify"
)

// ControlConfig tunes the leader's control loop: how agents' heartbeats are judged and how
// the repair loop acts.
type ControlConfig struct {
	// Repair tunes the repair decisions (PlanRepairs).
	Repair RepairConfig
	// HeartbeatInterval is the interval agents are told (RegisterResponse) to heartbeat at.
	HeartbeatInterval time.Duration
	// Phi judges each location's heartbeat arrivals at the leader (phi accrual): a suspect
	// location is a host fault (HostCrashFault) and every member there is replaced.
	Phi detect.PhiConfig
	// AgentGrace is how long a new leader waits to hear from an agent it has not heard from
	// yet before judging it: the time agents take to find the new leader after a failover.
	AgentGrace time.Duration
	// Analyzer configures the fault analyzer whose classifications steer placement.
	Analyzer analyze.Config
	// Domain is the FT domain id of the events the manager makes.
	Domain string
}

// DefaultControlConfig is the LAN profile: heartbeats every second judged with
// detect.DefaultPhiConfig (a host fault about 2.5s after an agent's last heartbeat), 10s of
// grace after a leader change.
func DefaultControlConfig() ControlConfig {
	return ControlConfig{Repair: DefaultRepairConfig(), HeartbeatInterval: AgentHeartbeatInterval, Phi: detect.DefaultPhiConfig(),
		AgentGrace: 10 * time.Second, Analyzer: analyze.DefaultConfig(), Domain: "warden"}
}

// LocalControlConfig is for managers and agents on one host or a quiet LAN: heartbeats every
// 100ms judged with LocalAgentPhi (a silent agent is a host fault about 1s after its last
// heartbeat; a killed one at once, when its heartbeat stream's connection drops), 3s of grace
// after a leader change, primaries' leases of 1s.
func LocalControlConfig() ControlConfig {
	c := DefaultControlConfig()
	c.HeartbeatInterval = 100 * time.Millisecond
	c.Phi = LocalAgentPhi()
	c.AgentGrace = 3 * time.Second
	c.Repair.PrimaryLease = time.Second
	return c
}

// LocalAgentPhi judges agents' 100ms heartbeats at the leader in the local profile: threshold
// 8, min deviation 50ms, acceptable pause 600ms, 100 samples. With steady heartbeats it
// suspects after about 100+600+5.6x50 = 980ms of silence.
//
// detect.LocalPhiConfig (pause 100ms, deviation 20ms: ~310ms) is too eager for this: on a
// loaded 2-core machine (load 5-15, the managers, agents and members sharing it) heartbeats
// and the leader's own loop stall for 300-550ms now and then, and every such stall was a
// HostCrashFault that cleared 70-150ms later as transient, after the repair loop had removed
// the healthy members at that location (8 runs of warden demo: 2 such removals). A silence is only a suspicion, and acting on it
// costs a member rebuilt elsewhere; what must be found fast, a killed agent, is found by its
// heartbeat stream breaking (streamBroken), within milliseconds, not by silence. What is left
// to silence alone — a stopped host, a partition that leaves TCP up — is found within ~1s,
// and a primary there is replaced after its lease anyway.
func LocalAgentPhi() detect.PhiConfig {
	return detect.PhiConfig{Threshold: 8, MinStdDeviation: 50 * time.Millisecond, AcceptablePause: 600 * time.Millisecond, SampleWindow: 100}
}

// Validate reports every bad field with its value.
func (c ControlConfig) Validate() error {
	var errs []error
	if err := c.Repair.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.HeartbeatInterval <= 0 {
		errs = append(errs, fmt.Errorf("HeartbeatInterval %v must be > 0", c.HeartbeatInterval))
	}
	if err := c.Phi.Validate(); err != nil {
		errs = append(errs, err)
	}
	if c.AgentGrace < 0 {
		errs = append(errs, fmt.Errorf("AgentGrace %v must be >= 0", c.AgentGrace))
	}
	if err := c.Analyzer.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// controller is the leader's control loop. Its inputs: agents' heartbeats (judged by phi
// accrual, per location), their reconciliations (what runs where), and every fault event
// committed to the history (from agents' ReportFault, PushStructuredFault, and its own host
// faults). From them it keeps the Observations, feeds the analyzer, and proposes what
// PlanRepairs decides. None of its state is replicated: a new leader starts empty and
// rebuilds it as agents reconnect, which the replicated state (views, pending members, DOWN
// locations) makes enough.
type controller struct {
	n   *Node
	cfg ControlConfig
	log *slog.Logger

	idPre string
	idSeq atomic.Uint64

	mu      sync.Mutex
	leading bool
	cancel  context.CancelFunc
	done    chan struct{}
	recv    *detect.RawReceiver
	an      *analyze.Analyzer
	obs     Observations
	downInc map[string]uint64 // incarnation judged down, per location in obs.DownLocations
	incs    map[string]uint64 // the incarnation whose heartbeats recv judges, per location
	faulted map[string]bool   // locations with a host fault recorded and no recovery yet
	// broken: locations whose fault is their heartbeat stream's end (streamBroken), by the
	// incarnation that streamed; the phi judge may not have suspected them, so the first
	// heartbeat of that incarnation afterwards is their recovery.
	broken  map[string]uint64
	reports map[string]bool // the last plan's reports, logged once each
	since   time.Time       // when this leadership began: an earlier leader may have granted leases until then
	wake    chan struct{}

	// repairs counts commands proposed by the loop (tests, benchmarks).
	repairs atomic.Uint64
	// dirty is set by every input and every applied entry: the loop plans only then (or at
	// the plan's own NextAt), not at every heartbeat deadline.
	dirty atomic.Bool
}

func newController(n *Node, cfg ControlConfig) *controller {
	var r [6]byte
	rand.Read(r[:])
	return &controller{n: n, cfg: cfg, log: n.log.With("component", "control"), idPre: "mgr-" + hex.EncodeToString(r[:]),
		wake: make(chan struct{}, 1)}
}

// start begins leading: fresh observations, every known UP location expected to heartbeat
// within AgentGrace.
func (c *controller) start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.leading {
		return
	}
	an, err := analyze.New(c.cfg.Analyzer)
	if err != nil {
		c.log.Error("analyzer config", "err", err) // validated at OpenNode: not reached
		return
	}
	phi := c.cfg.Phi
	c.recv = detect.NewRawReceiver("agent-heartbeat", func(iv time.Duration) detect.Judge { return detect.NewPhiJudge(phi, iv) }, true, 1<<20)
	c.an = an
	c.obs = Observations{FailedMembers: map[MemberRef]Fault{}, DownLocations: map[string]Fault{}, Ready: map[MemberRef]string{}, Started: map[MemberRef]string{}}
	c.downInc = map[string]uint64{}
	c.incs = map[string]uint64{}
	c.faulted = map[string]bool{}
	c.broken = map[string]uint64{}
	c.reports = map[string]bool{}
	now := c.n.clock()
	c.since = now
	c.n.Read(func(s *State) {
		for _, l := range s.locations {
			if l.State == pb.LocationState_LOCATION_STATE_UP {
				c.recv.Expect(l.Name, c.cfg.HeartbeatInterval, now.Add(c.cfg.AgentGrace))
				c.incs[l.Name] = l.Incarnation
			}
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	c.leading, c.cancel, c.done = true, cancel, make(chan struct{})
	go c.run(ctx, c.done)
}

// stop ends leading and waits for the loop to return.
func (c *controller) stop() {
	c.mu.Lock()
	if !c.leading {
		c.mu.Unlock()
		return
	}
	c.leading = false
	c.cancel()
	done := c.done
	c.mu.Unlock()
	<-done
}

// changed marks the state changed (the FSM calls it for every applied entry).
func (c *controller) changed() { c.dirty.Store(true) }

func (c *controller) kick() {
	c.dirty.Store(true)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *controller) isLeading() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.leading
}

// heartbeat judges one agent heartbeat. It returns false when this manager is not leading.
func (c *controller) heartbeat(r *pb.HeartbeatRequest) bool {
	now := c.n.clock()
	c.mu.Lock()
	if !c.leading {
		c.mu.Unlock()
		return false
	}
	hb := detect.Heartbeat{Source: r.GetLocation(), Seq: r.GetSeq(), Incarnation: r.GetIncarnation(), Interval: c.cfg.HeartbeatInterval}
	if r.SentAt != nil {
		hb.SentAt = r.SentAt.AsTime()
	}
	var vs []detect.Verdict
	loc, inc := r.GetLocation(), r.GetIncarnation()
	if prev, ok := c.incs[loc]; ok && prev != inc {
		// The agent restarted (it registered a new incarnation: the caller checked).
		// Incarnations are random, not increasing, so the tracker of the old one cannot
		// judge the new one: start afresh, and end the old one's host fault.
		c.recv.Forget(loc)
		delete(c.broken, loc)
		if c.faulted[loc] {
			vs = append(vs, detect.Verdict{Source: loc, Detector: "agent-heartbeat", Kind: detect.KindRecovered, Semantics: detect.Amnesia,
				State: detect.StateAlive, Certain: true, At: now, Evidence: detect.Evidence{Incarnation: inc, PrevIncarnation: prev}})
		}
	}
	c.incs[loc] = inc
	vs, _ = c.recv.Observe(vs, hb, "", now)
	if b, ok := c.broken[loc]; ok && b == inc {
		// Heartbeating again after its stream broke (a new session of the same agent): the
		// end of that fault, unless the judge reports its own recovery.
		delete(c.broken, loc)
		if c.faulted[loc] && !slices.ContainsFunc(vs, func(v detect.Verdict) bool { return v.Kind == detect.KindRecovered }) {
			vs = append(vs, detect.Verdict{Source: loc, Detector: "agent-heartbeat", Kind: detect.KindRecovered, Semantics: detect.Crash,
				State: detect.StateAlive, At: now, Evidence: detect.Evidence{Incarnation: inc, Seq: r.GetSeq()}})
		}
	}
	c.mu.Unlock()
	if len(vs) > 0 {
		c.verdicts(vs)
	}
	return true
}

// streamBroken takes the end of an agent's heartbeat stream with an error (not the agent's
// own close, which ends it with EOF): the connection dropped, which is what the kernel does
// to a killed agent's sockets, at once. That is strong evidence and needs no phi judge's
// silence: the location is suspected now (a HostCrashFault, not certain: the members there
// may outlive their agent for a moment, so a primary there is still replaced only after its
// lease). A session of the same agent that heartbeats again ends the fault (heartbeat). It
// returns false when this manager is not leading.
func (c *controller) streamBroken(loc string, inc uint64, cause error) bool {
	now := c.n.clock()
	c.mu.Lock()
	if !c.leading {
		c.mu.Unlock()
		return false
	}
	if c.incs[loc] != inc || c.faulted[loc] {
		c.mu.Unlock()
		return true // a stream of an earlier incarnation, or a location suspected already
	}
	ev := detect.Evidence{Incarnation: inc, Interval: c.cfg.HeartbeatInterval, Err: "heartbeat stream broke: " + cause.Error()}
	since := now
	if st, ok := c.recv.Status(loc, now); ok && !st.LastArrival.IsZero() {
		ev.LastArrival, since = st.LastArrival, st.LastArrival
		ev.Silence = now.Sub(st.LastArrival)
	}
	c.broken[loc] = inc
	c.mu.Unlock()
	c.log.Warn("agent heartbeat stream broke: location suspected", "location", loc, "incarnation", inc, "err", cause)
	c.verdicts([]detect.Verdict{{Source: loc, Detector: "agent-heartbeat", Kind: detect.KindFault, Semantics: detect.Crash,
		State: detect.StateSuspect, At: now, Since: since, Evidence: ev}})
	return true
}

// verdicts turns heartbeat verdicts into fault events committed through Raft. A crash
// suspicion is a host fault (HostCrashFault); heartbeats resuming, of the same or a new
// incarnation, are its recovery (HostRecovered), which the analyzer needs to place members
// there again. A new incarnation before any suspicion (the agent restarted faster than it
// could be suspected) is no host fault: its registration and reconciliation show what it
// lost.
func (c *controller) verdicts(vs []detect.Verdict) {
	var evs []*notify.Event
	for _, v := range vs {
		if v.Kind == detect.KindUp || (v.Kind == detect.KindFault && v.Semantics == detect.Amnesia) {
			continue
		}
		c.mu.Lock()
		if v.Kind == detect.KindFault {
			if c.faulted[v.Source] {
				// Suspected already (its stream broke, then the judge saw the silence): one
				// fault, recorded once.
				c.mu.Unlock()
				continue
			}
			c.faulted[v.Source] = true
		} else {
			delete(c.faulted, v.Source)
		}
		c.mu.Unlock()
		ev := monitor.VerdictEvent(v, monitor.Placement{Domain: c.cfg.Domain, Location: v.Source, Host: true})
		ev.Evidence["incarnation"] = strconv.FormatUint(v.Evidence.Incarnation, 10)
		evs = append(evs, ev)
	}
	if len(evs) > 0 {
		c.record(evs)
	}
}

// record commits events to the fault history, logging a failure (a leader change, mostly:
// the next leader's own detectors take over).
func (c *controller) record(evs []*notify.Event) {
	ctx, cancel := context.WithTimeout(context.Background(), c.n.cfg.ApplyTimeout)
	defer cancel()
	if _, err := c.n.RecordFaults(ctx, evs); err != nil {
		c.log.Warn("could not record fault events", "events", len(evs), "err", err)
	}
}

// newID returns an event id unique to this manager process.
func (c *controller) newID() string {
	return c.idPre + "-" + strconv.FormatUint(c.idSeq.Add(1), 36)
}

// faults takes the events the FSM committed: member crashes and host faults become
// observations; every fault and recovery goes to the analyzer, whose outputs are recorded.
func (c *controller) faults(evs []*notify.Event) {
	c.mu.Lock()
	if !c.leading {
		c.mu.Unlock()
		return
	}
	var outs []analyze.Output
	changed := false
	for _, e := range evs {
		switch {
		case (e.Kind == notify.ObjectCrashFault || e.Kind == notify.OmissionFault && e.Detector == ReplicaDetector) && e.GroupID != "" && e.Member != "":
			// A crash, or a backup a primary reports for not acknowledging its entries in
			// time. A fault that is not certain counts from when this leader learned it: it
			// stops granting the member leases from then, so the last lease it gave ends
			// before that time + the lease.
			// A certain fault (the agent reaped the process) replaces one that was not: a
			// paused primary that its agent's health checks then kill is replaced at once,
			// not after its lease.
			ref := MemberRef{e.GroupID, e.Member}
			if old, ok := c.obs.FailedMembers[ref]; !ok || !old.Certain && e.Evidence["certain"] == "true" {
				f := Fault{Kind: string(e.Kind), At: e.Time, Certain: e.Evidence["certain"] == "true"}
				if !f.Certain {
					f.At = c.n.clock()
				}
				c.obs.FailedMembers[ref] = f
				changed = true
			}
		case e.Kind == notify.HostCrashFault && e.GroupID == "" && e.Location != "":
			if _, ok := c.obs.DownLocations[e.Location]; !ok {
				c.obs.DownLocations[e.Location] = Fault{Kind: string(e.Kind), At: e.Time}
				inc, _ := strconv.ParseUint(e.Evidence["incarnation"], 10, 64)
				c.downInc[e.Location] = inc
				changed = true
			}
		}
		ae, ok := monitor.AnalyzerEvent(analyzerView(e))
		if !ok {
			continue
		}
		out, err := c.an.Observe(ae)
		if err != nil {
			c.log.Debug("analyzer refused an event", "id", e.ID, "err", err)
			continue
		}
		outs = append(outs, out...)
	}
	c.mu.Unlock()
	if changed {
		c.kick()
	}
	c.outputs(outs)
}

// analyzerView is e as the analyzer identifies members: by their slot (location, type,
// group), every incarnation the same subject, so that a slot's restart budget counts across
// replacements. The member id moves to the evidence.
func analyzerView(e *notify.Event) *notify.Event {
	if e.Member == "" || e.GroupID == "" {
		return e
	}
	c := e.Clone()
	if c.Evidence == nil {
		c.Evidence = map[string]string{}
	}
	c.Evidence["member"] = c.Member
	c.Member = ""
	return c
}

func (c *controller) outputs(outs []analyze.Output) {
	if len(outs) == 0 {
		return
	}
	evs := make([]*notify.Event, 0, len(outs))
	for _, o := range outs {
		evs = append(evs, monitor.OutputEvent(o, c.cfg.Domain))
	}
	go c.record(evs) // the loop must not wait on Raft while holding up the FSM's hook
	c.kick()
}

// A memberInfo is what the state says of one member slot at a location.
type memberInfo struct {
	ref      MemberRef
	creation uint64
	pending  bool
	starting bool // a promoted COLD_PASSIVE member, STARTING in the view
}

// reconciled takes an agent's report of what runs at its location. It returns false when
// this manager is not leading. A member of a view that the agent does not run (its process
// exited, or a restarted agent lost it) has failed, certainly; a member being created that
// the agent reports ready may join its view.
func (c *controller) reconciled(r *pb.ReconcileRequest) bool {
	if !c.isLeading() {
		return false
	}
	loc := r.GetLocation()
	var (
		inc     uint64
		members []memberInfo
	)
	c.n.Read(func(s *State) {
		l, ok := s.locations[loc]
		if !ok {
			return
		}
		inc = l.Incarnation
		for _, id := range s.groupsAt(loc) {
			g := s.groups[id]
			for _, m := range g.View.Members {
				if m.Location == loc && !m.External && m.State != pb.MemberState_MEMBER_STATE_COLD {
					members = append(members, memberInfo{MemberRef{id, m.MemberId}, m.CreationId, false, m.State == pb.MemberState_MEMBER_STATE_STARTING})
				}
			}
			for _, p := range g.Pending {
				if p.Location == loc {
					members = append(members, memberInfo{MemberRef{id, p.MemberId}, p.CreationId, true, false})
				}
			}
		}
	})
	if inc == 0 || inc != r.GetIncarnation() {
		return true // a report from an incarnation the state no longer has: nothing to learn
	}
	actual := map[MemberRef]*pb.ActualMember{}
	for _, a := range r.GetActual() {
		actual[MemberRef{a.GetGroupId(), a.GetMemberId()}] = a
	}
	now := c.n.clock()
	var missing []*notify.Event
	c.mu.Lock()
	if !c.leading {
		c.mu.Unlock()
		return false
	}
	changed := false
	for _, m := range members {
		a, ok := actual[m.ref]
		if ok && a.GetCreationId() != m.creation {
			ok = false
		}
		switch {
		case ok && a.GetState() == pb.ActualState_ACTUAL_STATE_EXITED:
			if old, seen := c.obs.FailedMembers[m.ref]; !seen || !old.Certain {
				c.obs.FailedMembers[m.ref] = Fault{Kind: string(notify.ObjectCrashFault) + " (" + a.GetExitStatus() + ")", At: now, Certain: true}
				changed = true
			}
		case ok && m.pending && (a.GetState() == pb.ActualState_ACTUAL_STATE_READY || a.GetState() == pb.ActualState_ACTUAL_STATE_HELD):
			if c.obs.Ready[m.ref] != a.GetAddress() {
				c.obs.Ready[m.ref] = a.GetAddress()
				changed = true
			}
		case ok && m.starting && a.GetState() == pb.ActualState_ACTUAL_STATE_READY && a.GetAddress() != "":
			if c.obs.Started[m.ref] != a.GetAddress() {
				c.obs.Started[m.ref] = a.GetAddress()
				changed = true
			}
		case !ok && !m.pending:
			if old, seen := c.obs.FailedMembers[m.ref]; !seen || !old.Certain {
				c.obs.FailedMembers[m.ref] = Fault{Kind: "not running at its agent", At: now, Certain: true}
				changed = true
				missing = append(missing, &notify.Event{
					ID:   fmt.Sprintf("reconcile/%s/%d/%s/%s", loc, inc, m.ref.GroupID, m.ref.MemberID),
					Kind: notify.ObjectCrashFault, Time: now, Domain: c.cfg.Domain, Location: loc,
					GroupID: m.ref.GroupID, Member: m.ref.MemberID, Detector: "agent-reconcile", Severity: notify.SeverityCritical,
					Evidence: map[string]string{"certain": "true", "creation_id": strconv.FormatUint(m.creation, 10),
						"reason": "the agent does not run it (the agent restarted, or the member was lost)"},
				})
			}
		}
	}
	c.mu.Unlock()
	if changed {
		c.kick()
	}
	if len(missing) > 0 {
		go c.record(missing)
	}
	return true
}

// run is the loop: judge heartbeat deadlines, tick the analyzer, plan, propose; again on
// every input and at the next deadline.
func (c *controller) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	c.log.Info("control loop started")
	timer := time.NewTimer(0)
	defer timer.Stop()
	c.dirty.Store(true)
	var (
		plan   Plan
		planAt time.Time // when the last plan asked to plan again
	)
	for {
		select {
		case <-ctx.Done():
			c.log.Info("control loop stopped")
			return
		case <-c.wake:
		case <-timer.C:
		}
		now := c.n.clock()
		c.mu.Lock()
		vs := c.recv.Check(nil, now)
		outs := c.an.Tick(now)
		c.mu.Unlock()
		if len(vs) > 0 {
			go c.verdicts(vs)
		}
		c.outputs(outs)

		if c.dirty.Swap(false) || !planAt.IsZero() && !now.Before(planAt) {
			plan = c.plan(now)
			planAt = plan.NextAt
			if c.apply(ctx, plan) {
				c.dirty.Store(true) // plan again on the new state
			}
		}

		next := now.Add(time.Second)
		c.mu.Lock()
		for _, t := range []time.Time{planAt, deadline(c.recv.NextDeadline()), deadline(c.an.NextDeadline())} {
			if !t.IsZero() && t.Before(next) {
				next = t
			}
		}
		c.mu.Unlock()
		if c.dirty.Load() {
			next = now
		}
		timer.Reset(max(next.Sub(c.n.clock()), 0))
	}
}

func deadline(t time.Time, ok bool) time.Time {
	if !ok {
		return time.Time{}
	}
	return t
}

// plan prunes observations the state has made moot and runs PlanRepairs.
func (c *controller) plan(now time.Time) Plan {
	var p Plan
	c.n.Read(func(s *State) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.obs.Now = now
		c.prune(s)
		// A location that registered since this leadership began is expected to heartbeat
		// within AgentGrace, like those that were up when it began.
		for name, l := range s.locations {
			if _, known := c.incs[name]; !known && l.State == pb.LocationState_LOCATION_STATE_UP {
				c.recv.Expect(name, c.cfg.HeartbeatInterval, now.Add(c.cfg.AgentGrace))
				c.incs[name] = l.Incarnation
			}
		}
		obs := c.obs
		if c.cfg.Repair.PrimaryLease > 0 {
			// A lease an earlier leader granted may run until this leadership began.
			obs.FailedMembers = make(map[MemberRef]Fault, len(c.obs.FailedMembers))
			for ref, f := range c.obs.FailedMembers {
				if !f.Certain && f.At.Before(c.since) {
					f.At = c.since
				}
				obs.FailedMembers[ref] = f
			}
		}
		p = PlanRepairs(s, obs, c.an, c.cfg.Repair)
	})
	return p
}

// prune drops what no longer matters: faults of members no longer in their group, readiness
// of members no longer pending, and host faults of locations that registered again (or
// restarted) since.
func (c *controller) prune(s *State) {
	inGroup := func(ref MemberRef) (view, pending bool) {
		g, ok := s.groups[ref.GroupID]
		if !ok {
			return false, false
		}
		for _, m := range g.View.Members {
			if m.MemberId == ref.MemberID {
				return true, false
			}
		}
		for _, p := range g.Pending {
			if p.MemberId == ref.MemberID {
				return false, true
			}
		}
		return false, false
	}
	for ref := range c.obs.FailedMembers {
		if v, p := inGroup(ref); !v && !p {
			delete(c.obs.FailedMembers, ref)
		}
	}
	for ref := range c.obs.Ready {
		if _, p := inGroup(ref); !p {
			delete(c.obs.Ready, ref)
		}
	}
	for ref := range c.obs.Started {
		if g, ok := s.groups[ref.GroupID]; !ok || !slices.ContainsFunc(g.View.Members, func(m *pb.Member) bool {
			return m.MemberId == ref.MemberID && m.State == pb.MemberState_MEMBER_STATE_STARTING
		}) {
			delete(c.obs.Started, ref)
		}
	}
	for loc, f := range c.obs.DownLocations {
		l, ok := s.locations[loc]
		if !ok || (l.State == pb.LocationState_LOCATION_STATE_UP && (l.Incarnation != c.downInc[loc] || l.StateChangedAt.AsTime().After(f.At))) {
			delete(c.obs.DownLocations, loc)
			delete(c.downInc, loc)
		}
	}
}

// applyParallel bounds how many groups' repairs are proposed at once: each group's commands
// go in order (they carry a chain of expected epochs), different groups' concurrently, so
// that Raft batches them into few log writes.
const applyParallel = 64

// apply proposes the plan's commands: those about no group (locations marked down) first,
// then each group's in order, groups concurrently. A refused command skips the rest of its
// group's (they expected its epoch); the next plan starts from the new state. Reports are
// logged once each while they last.
func (c *controller) apply(ctx context.Context, p Plan) (applied bool) {
	reports := map[string]bool{}
	var order []string
	chains := map[string][]Action{}
	for _, a := range p.Actions {
		if a.Command == nil {
			key := a.String()
			reports[key] = true
			if !c.reports[key] {
				c.log.Warn("repair: "+a.Reason, "group", a.GroupID)
			}
			continue
		}
		if _, ok := chains[a.GroupID]; !ok {
			order = append(order, a.GroupID)
		}
		chains[a.GroupID] = append(chains[a.GroupID], a)
	}
	c.reports = reports // only this goroutine reads and writes it

	var ok atomic.Bool
	propose := func(chain []Action) {
		for _, a := range chain {
			if _, err := c.n.Propose(ctx, a.Command); err != nil {
				if ctx.Err() == nil {
					c.log.Info("repair refused; planning again", "action", a.String(), "err", err)
				}
				if a.GroupID != "" {
					return
				}
				continue
			}
			c.repairs.Add(1)
			ok.Store(true)
			c.log.Info("repair", "action", a.String())
		}
	}
	if chain, found := chains[""]; found {
		propose(chain)
	}
	sem := make(chan struct{}, applyParallel)
	var wg sync.WaitGroup
	for _, g := range order {
		if g == "" {
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(chain []Action) {
			defer func() { <-sem; wg.Done() }()
			propose(chain)
		}(chains[g])
	}
	wg.Wait()
	return ok.Load()
}

// ReplicaDetector is the detector name of the faults the replica SDK reports: an
// OmissionFault from it names a backup that did not acknowledge the primary's entries in
// time, and the repair loop removes that backup as failed.
const ReplicaDetector = "replica"

// grant decides a lease for the primary of a passive group: only while leading, and not for a
// member judged failed. It returns false, reason when refused.
func (c *controller) grant(ref MemberRef) (ok bool, why string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.leading {
		return false, "not leading"
	}
	if f, failed := c.obs.FailedMembers[ref]; failed {
		return false, "judged failed (" + f.Kind + ")"
	}
	return true, ""
}
