package main

// The cluster of a linearizability run and the faults injected into it. Every wait here is
// for an event (a view, a process gone), polled with a deadline: a deadline missed is a
// failure to recover, reported with the view it stopped at.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/internal/cluster"
)

// linGroupID is the object group of a linearizability run.
const linGroupID = "lincounter"

// linFaultKind is a kind of fault the injector knows.
type linFaultKind int

const (
	linKillPrimary  linFaultKind = iota // SIGKILL the primary's process
	linKillBackup                       // SIGKILL a backup's process
	linPausePrimary                     // SIGSTOP the primary until a backup is promoted, then SIGCONT
	linKillAgent                        // SIGKILL an agent (its members die with it), then start it again
	// linPauseAll: SIGSTOP the primary and the agents of every backup's location until the
	// manager has taken every one of them out of the view, then SIGCONT. More faults than
	// a group of three tolerates (t = 2), so the group may stay unavailable; but it must not
	// lose or forget acknowledged increments. In no default mix: it reproduces a manager bug
	// (linearizability_test.go).
	linPauseAll
	linFaultKinds
)

func (k linFaultKind) String() string {
	return [...]string{"kill-primary", "kill-backup", "pause-primary", "kill-agent", "pause-all"}[k]
}

func linAllKinds() []linFaultKind {
	var ks []linFaultKind
	for k := range linFaultKinds {
		ks = append(ks, k)
	}
	return ks
}

// linStyle is the replication style a run is made with: the group's property, which faults
// apply, and what "back to full strength" means for it.
type linStyle struct {
	name  string
	style pb.ReplicationStyle
	// mix is the share of each fault kind in every block of the schedule (kinds that do not
	// apply are 0).
	mix [linFaultKinds]int
	// full reports why the view is not at full strength, nil when it is.
	full func(v *pb.View) error
}

var linWarmPassive = linStyle{
	name:  "WARM_PASSIVE",
	style: pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE,
	mix:   [linFaultKinds]int{linKillPrimary: 9, linKillBackup: 7, linPausePrimary: 2, linKillAgent: 2},
	full: func(v *pb.View) error {
		if len(v.Members) != 3 || v.Primary == "" {
			return fmt.Errorf("%d members, primary %q", len(v.Members), v.Primary)
		}
		for _, m := range v.Members {
			if m.State != pb.MemberState_MEMBER_STATE_READY || !m.CaughtUp {
				return fmt.Errorf("%s at %s: %v, caught up %v", m.MemberId, m.Location, m.State, m.CaughtUp)
			}
		}
		return nil
	},
}

// linColdPassive: only the primary runs; the agents at the two other locations hold its
// checkpoint and log (members in state COLD). A backup has no process to kill: its faults are
// those of its agent.
var linColdPassive = linStyle{
	name:  "COLD_PASSIVE",
	style: pb.ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE,
	mix:   [linFaultKinds]int{linKillPrimary: 12, linPausePrimary: 4, linKillAgent: 4},
	full: func(v *pb.View) error {
		if len(v.Members) != 3 || v.Primary == "" {
			return fmt.Errorf("%d members, primary %q", len(v.Members), v.Primary)
		}
		for _, m := range v.Members {
			want := pb.MemberState_MEMBER_STATE_COLD
			if m.MemberId == v.Primary {
				want = pb.MemberState_MEMBER_STATE_READY
			}
			if m.State != want {
				return fmt.Errorf("%s at %s: %v, want %v", m.MemberId, m.Location, m.State, want)
			}
		}
		return nil
	},
}

// linSchedule returns n fault kinds: blocks of style.mix, each shuffled by rng.
func linSchedule(style linStyle, n int, rng *rand.Rand) []linFaultKind {
	var block []linFaultKind
	for k, c := range style.mix {
		for range c {
			block = append(block, linFaultKind(k))
		}
	}
	var out []linFaultKind
	for len(out) < n {
		b := append([]linFaultKind(nil), block...)
		rng.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
		out = append(out, b...)
	}
	return out[:n]
}

// linLocations are the agents' locations: five for a group of three, so that a replacement
// member has somewhere to go besides the location that just failed.
var linLocations = []string{"a", "b", "c", "d", "e"}

// linCluster is a manager, an agent at each of linLocations, and one counter group.
type linCluster struct {
	t      *testing.T
	c      *cluster.Cluster
	mgr    *cluster.Manager
	groups pb.ObjectGroupManagerClient
	agents map[string]*cluster.Agent
	style  linStyle
	// lastHostFault is when each location's agent was last killed.
	lastHostFault map[string]time.Time
	// fullTimeout bounds the wait for full strength after a fault (linProfile.fullTimeout).
	fullTimeout time.Duration
}

// linAgentKillSpacing is the least time between two kills of one location's agent: a killed
// agent is a host fault, which the manager's analyzer damps (half-life 2s here); spacing the
// kills of one location keeps it usable. When no location may be killed yet, the injector
// kills the primary instead.
const linAgentKillSpacing = 10 * time.Second

// errLinNotRecovered: a fault beyond the fault model left the group short (allowed).
var errLinNotRecovered = errors.New("the group did not recover (allowed beyond the fault model)")

// errLinStyleRefused: the manager refused to create a group of the style.
var errLinStyleRefused = errors.New("the manager refused the replication style")

// linStartCluster starts the processes and creates the group; it returns once the group is
// at full strength, or errLinStyleRefused (wrapped) when CreateObject is refused as invalid
// or unsupported.
func linStartCluster(t *testing.T, style linStyle) (*linCluster, error) {
	t.Helper()
	c := cluster.New(t, bins)
	// The lan profile: the local one's 300ms host detection takes a loaded machine's
	// scheduling stalls for host crashes (a two-minute run on a shared two-core machine saw 16
	// HostCrashFaults, of all three locations at once, with no agent killed), and the
	// analyzer's damping then keeps the locations suppressed for minutes.
	c.ManagerProfile = "lan"
	// A fault storm makes slots and locations flap, by design; the manager's default damping
	// (a minute's half-life, five failures per episode) would then keep them suppressed for
	// minutes. This test injects a fault every second or two: damping that forgets in seconds.
	c.ManagerFlags = []string{"--damping-half-life", "2s", "--restart-budget", "1000"}
	mgr, err := c.StartManager("m1", "")
	if err != nil {
		t.Fatal(err)
	}
	lc := &linCluster{t: t, c: c, mgr: mgr, agents: map[string]*cluster.Agent{}, style: style, lastHostFault: map[string]time.Time{}, fullTimeout: linRecoverTimeout}
	for _, l := range linLocations {
		a, err := c.StartAgent(l)
		if err != nil {
			t.Fatal(err)
		}
		lc.agents[l] = a
	}
	conn, err := grpc.NewClient(mgr.API, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	lc.groups = pb.NewObjectGroupManagerClient(conn)
	ctx := context.Background()
	eventually(t, "every location up", 30*time.Second, func() error {
		r, err := lc.groups.ListLocations(ctx, &pb.ListLocationsRequest{})
		if err != nil {
			return err
		}
		up := 0
		for _, l := range r.Locations {
			if l.State == pb.LocationState_LOCATION_STATE_UP {
				up++
			}
		}
		if up != len(linLocations) {
			return fmt.Errorf("%d of %d up", up, len(linLocations))
		}
		return nil
	})
	if _, err := pb.NewTypeRegistryClient(conn).RegisterType(ctx, &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "counter",
		Launch: &pb.LaunchSpec{Command: counter, Args: []string{"--managers", c.ManagerAddrs()}, StopGracePeriod: durationpb.New(2 * time.Second)}}}); err != nil {
		t.Fatal(err)
	}
	three := uint32(3)
	_, err = pb.NewGenericFactoryClient(conn).CreateObject(ctx, &pb.CreateObjectRequest{TypeId: "counter", GroupId: linGroupID, Criteria: &pb.Properties{
		ReplicationStyle:        style.style,
		FaultMonitoringStyle:    pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL,
		FaultMonitoringInterval: durationpb.New(200 * time.Millisecond),
		FaultMonitoringTimeout:  durationpb.New(200 * time.Millisecond),
		InitialNumberMembers:    &three, MinimumNumberMembers: &three,
	}})
	switch status.Code(err) {
	case codes.OK:
	case codes.InvalidArgument, codes.Unimplemented, codes.FailedPrecondition:
		return nil, fmt.Errorf("%w: %v", errLinStyleRefused, err)
	default:
		t.Fatal(err)
	}
	return lc, nil
}

// view reads the group's view.
func (lc *linCluster) view() (*pb.View, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := lc.groups.GetObjectGroupRef(ctx, &pb.GetObjectGroupRefRequest{GroupId: linGroupID})
	if err != nil {
		return nil, err
	}
	return r.View, nil
}

// waitView waits until the view satisfies cond and returns it.
func (lc *linCluster) waitView(d time.Duration, cond func(*pb.View) error) (*pb.View, error) {
	var v *pb.View
	err := waitFor(d, func() error {
		nv, err := lc.view()
		if err != nil {
			return err
		}
		v = nv
		if err := cond(nv); err != nil {
			return fmt.Errorf("epoch %d primary %q members %v: %w", nv.Epoch, nv.Primary, linMembers(nv), err)
		}
		return nil
	})
	return v, err
}

// fullStrength waits until the group is at full strength.
func (lc *linCluster) fullStrength(d time.Duration, also func(*pb.View) error) (*pb.View, error) {
	return lc.waitView(d, func(v *pb.View) error {
		if err := lc.style.full(v); err != nil {
			return err
		}
		if also != nil {
			return also(v)
		}
		return nil
	})
}

// pid finds the process of a member of the view.
func (lc *linCluster) pid(member string) (int, error) {
	var pid int
	err := waitFor(5*time.Second, func() error {
		var err error
		pid, err = lc.c.MemberPID(linGroupID, member)
		return err
	})
	return pid, err
}

func linMembers(v *pb.View) []string {
	var s []string
	for _, m := range v.Members {
		st := "?"
		switch m.State {
		case pb.MemberState_MEMBER_STATE_READY:
			st = "ready"
		case pb.MemberState_MEMBER_STATE_COLD:
			st = "cold"
		case pb.MemberState_MEMBER_STATE_STARTING:
			st = "starting"
		}
		if !m.CaughtUp {
			st += ",behind"
		}
		s = append(s, fmt.Sprintf("%s@%s(%s)", m.MemberId, m.Location, st))
	}
	return s
}

func linHas(v *pb.View, member string) bool {
	for _, m := range v.Members {
		if m.MemberId == member {
			return true
		}
	}
	return false
}

// linFault is one injected fault and what it took to recover.
type linFault struct {
	kind     linFaultKind
	target   string        // member or location
	epoch    uint64        // of the view it was injected into
	at       int64         // ns on the recorder's clock
	failover time.Duration // to a new primary in the view (primary faults; agent kills of the primary's location)
	full     time.Duration // to full strength again
	fullAt   int64
	gap      time.Duration // the longest time between two answered calls around it
	// substitute: the schedule said kill-agent, but every location's agent had been killed
	// less than linAgentKillSpacing ago.
	substitute bool
}

func (f *linFault) String() string {
	return fmt.Sprintf("%v %s (epoch %d)", f.kind, f.target, f.epoch)
}

// linRecoverTimeout bounds every wait for recovery: far above what a loaded machine needs, so
// that reaching it means the group did not recover.
const linRecoverTimeout = 60 * time.Second

// inject injects one fault of kind into the group at full strength (view v) and waits until
// it is back at full strength. now is the recorder's clock.
func (lc *linCluster) inject(kind linFaultKind, v *pb.View, rng *rand.Rand, now func() int64) (*linFault, error) {
	var backups []*pb.Member
	var primaryLoc string
	var killable []string // locations whose agent may be killed now
	for _, m := range v.Members {
		if m.MemberId == v.Primary {
			primaryLoc = m.Location
		} else {
			backups = append(backups, m)
		}
		if last, ok := lc.lastHostFault[m.Location]; !ok || time.Since(last) >= linAgentKillSpacing {
			killable = append(killable, m.Location)
		}
	}
	f := &linFault{kind: kind, epoch: v.Epoch}
	if kind == linKillAgent && len(killable) == 0 {
		f.kind, f.substitute = linKillPrimary, true
	}
	kind = f.kind
	newPrimary := func(old string) func(*pb.View) error {
		return func(nv *pb.View) error {
			if nv.Primary == "" || nv.Primary == old {
				return fmt.Errorf("primary %q", nv.Primary)
			}
			return nil
		}
	}
	start := time.Now()
	var gone string // a member that must have left the view before the group counts as recovered
	switch kind {
	case linKillPrimary, linPausePrimary:
		f.target, gone = v.Primary, v.Primary
		pid, err := lc.pid(v.Primary)
		if err != nil {
			return f, err
		}
		sig := syscall.SIGKILL
		if kind == linPausePrimary {
			sig = syscall.SIGSTOP
		}
		f.at = now()
		if err := syscall.Kill(pid, sig); err != nil {
			return f, fmt.Errorf("%v %s (pid %d): %w", sig, v.Primary, pid, err)
		}
		_, err = lc.waitView(linRecoverTimeout, newPrimary(v.Primary))
		f.failover = time.Since(start)
		if kind == linPausePrimary {
			// Resumed once a backup was promoted, so past its lease: it must not answer as a
			// second primary, and the history would show it if it did.
			syscall.Kill(pid, syscall.SIGCONT)
		}
		if err != nil {
			return f, fmt.Errorf("no new primary after %v of %s: %w", sig, v.Primary, err)
		}
	case linKillBackup:
		if len(backups) == 0 {
			return f, errors.New("no backup to kill")
		}
		b := backups[rng.IntN(len(backups))]
		f.target, gone = b.MemberId, b.MemberId
		pid, err := lc.pid(b.MemberId)
		if err != nil {
			return f, err
		}
		f.at = now()
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			return f, fmt.Errorf("SIGKILL %s (pid %d): %w", b.MemberId, pid, err)
		}
	case linKillAgent:
		// Half the time the primary's host (when it may be killed).
		loc := killable[rng.IntN(len(killable))]
		if slices.Contains(killable, primaryLoc) && rng.IntN(2) == 0 {
			loc = primaryLoc
		}
		lc.lastHostFault[loc] = time.Now()
		f.target = "agent-" + loc
		for _, m := range v.Members {
			if m.Location == loc {
				gone = m.MemberId
			}
		}
		a := lc.agents[loc]
		f.at = now()
		a.Kill()
		// Started again once the manager has taken its member out of the view: a new
		// incarnation that must get a new member.
		_, err := lc.waitView(linRecoverTimeout, func(nv *pb.View) error {
			if gone != "" && linHas(nv, gone) {
				return fmt.Errorf("%s still in the view", gone)
			}
			return nil
		})
		if loc == primaryLoc {
			f.failover = time.Since(start)
		}
		if rerr := a.Restart(); rerr != nil {
			return f, fmt.Errorf("restart agent %s: %w", loc, rerr)
		}
		if err != nil {
			return f, fmt.Errorf("the member %s of the killed agent %s not removed: %w", gone, loc, err)
		}
	case linPauseAll:
		f.target = "primary " + v.Primary + " and the agents of its backups"
		pid, err := lc.pid(v.Primary)
		if err != nil {
			return f, err
		}
		f.at = now()
		syscall.Kill(pid, syscall.SIGSTOP)
		var stopped []*cluster.Agent
		for _, b := range backups {
			a := lc.agents[b.Location]
			if a.Stop() == nil {
				stopped = append(stopped, a)
			}
		}
		_, err = lc.waitView(linRecoverTimeout, func(nv *pb.View) error {
			for _, m := range v.Members {
				if linHas(nv, m.MemberId) {
					return fmt.Errorf("%s still in the view", m.MemberId)
				}
			}
			return nil
		})
		syscall.Kill(pid, syscall.SIGCONT)
		for _, a := range stopped {
			a.Cont()
		}
		if err != nil {
			return f, fmt.Errorf("the paused members not all removed: %w", err)
		}
		// Beyond the fault model: availability is not required, only safety, so the group
		// not recovering is not an error; the history check says whether it stayed safe.
		if _, err := lc.fullStrength(linRecoverTimeout, nil); err != nil {
			f.full = time.Since(start)
			f.fullAt = now()
			return f, errLinNotRecovered
		}
	}
	_, err := lc.fullStrength(lc.fullTimeout, func(nv *pb.View) error {
		if gone != "" && linHas(nv, gone) {
			return fmt.Errorf("%s still in the view", gone)
		}
		return nil
	})
	f.full = time.Since(start)
	f.fullAt = now()
	if err != nil {
		return f, fmt.Errorf("not back to full strength after %v: %w", f, err)
	}
	return f, nil
}
