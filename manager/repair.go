package manager

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wardenft/warden/analyze"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// A Placer decides whether a new member may be placed at a location: *analyze.Analyzer is
// one (a permanent, down or suppressed location, or type there, is refused).
type Placer interface {
	MayPlace(location, typeID string) analyze.Decision
}

// A Restarter is a Placer that also decides whether the group's slot at a location may get a
// member again (analyze.Analyzer.MayRestart of Subject{Location, TypeID, GroupID}: not when
// that slot's faults made it permanent or suppressed it, or spent its restart budget). The
// analyzer's identity of a member is (location, group) with Member empty: every incarnation
// in a slot is the same subject, so a member crash-looping at one location is placed
// elsewhere. Optional: without it only MayPlace is asked.
type Restarter interface {
	MayRestart(s analyze.Subject) analyze.Decision
}

// RepairConfig tunes the repair decisions.
type RepairConfig struct {
	// CreateTimeout is how long a member may be pending before its creation is cancelled
	// and retried elsewhere.
	CreateTimeout time.Duration
	// PrimaryLease is the lease the primary of a passive group serves under (granted by
	// MemberService.RenewLease); 0: no leases (then a primary whose failure is not certain is
	// replaced at once: safe only for groups whose members need no fencing). With a lease,
	// a primary whose failure is not
	// Certain is removed (and a backup promoted) only after At + PrimaryLease*(1+ClockDriftRate).
	PrimaryLease time.Duration
	// ClockDriftRate bounds the drift between the manager's and the primary's clocks.
	ClockDriftRate float64
}

// DefaultRepairConfig: 30s to create a member, primaries' leases of 2s, 1% drift.
func DefaultRepairConfig() RepairConfig {
	return RepairConfig{CreateTimeout: 30 * time.Second, PrimaryLease: 2 * time.Second, ClockDriftRate: 0.01}
}

// Validate reports every bad field with its value.
func (c RepairConfig) Validate() error {
	var bad []string
	if c.CreateTimeout <= 0 {
		bad = append(bad, fmt.Sprintf("CreateTimeout %v must be > 0", c.CreateTimeout))
	}
	if c.PrimaryLease < 0 {
		bad = append(bad, fmt.Sprintf("PrimaryLease %v must be >= 0", c.PrimaryLease))
	}
	if c.ClockDriftRate < 0 || c.ClockDriftRate >= 1 {
		bad = append(bad, fmt.Sprintf("ClockDriftRate %v must be in [0, 1)", c.ClockDriftRate))
	}
	if len(bad) > 0 {
		return errf(ErrInvalidArgument, "repair config: %s", strings.Join(bad, "; "))
	}
	return nil
}

// A MemberRef names a member (in a view or being created).
type MemberRef struct {
	GroupID  string
	MemberID string
}

func (r MemberRef) String() string { return r.GroupID + "/" + r.MemberID }

// A Fault is what the leader knows about a failure it has not repaired yet.
type Fault struct {
	// Kind is the fault's kind ("ObjectCrashFault", "HostCrashFault", ...), for reasons.
	Kind string
	// At is when the fault was observed.
	At time.Time
	// Certain is true when the member is surely dead (its agent reaped the process), so a
	// primary may be replaced without waiting for its lease.
	Certain bool
}

// Observations is the leader's soft state: what its detectors, agents and analyzer say now.
// None of it is replicated; a new leader rebuilds it from the agents' reconciliations and
// heartbeats (and the fault history).
type Observations struct {
	// Now is the leader's clock.
	Now time.Time
	// FailedMembers are members judged failed (in a view or being created). A fault about an
	// earlier member, no longer in the group, is ignored.
	FailedMembers map[MemberRef]Fault
	// DownLocations are locations judged failed (host faults: agent heartbeats stopped).
	// Every member there is replaced; nothing is placed there.
	DownLocations map[string]Fault
	// Ready are the pending members their agent reports ready to join (READY: running and
	// healthy; HELD for a COLD_PASSIVE backup), with their address.
	Ready map[MemberRef]string
	// Started are promoted COLD_PASSIVE members (STARTING in the view) their agent reports
	// READY, with the address their process serves at: they become READY there.
	Started map[MemberRef]string
}

// ActionKind says what an Action does.
type ActionKind string

const (
	ActionMarkLocationDown ActionKind = "mark-location-down"
	ActionRemoveMember     ActionKind = "remove-member"
	ActionCancelCreation   ActionKind = "cancel-creation"
	ActionAddMember        ActionKind = "add-member"
	ActionCreateMember     ActionKind = "create-member"
	ActionUpdateMember     ActionKind = "update-member"
	// ActionReport changes nothing: a fault or shortfall the manager will not repair
	// (application-controlled membership, no allowed location). Log it, push it as an event.
	ActionReport ActionKind = "report"
)

// An Action is one repair decision. Command is what to propose to Raft (nil for a report).
type Action struct {
	Kind     ActionKind
	GroupID  string
	Location string
	MemberID string
	// Reason says why, naming the fault; reports are only this.
	Reason  string
	Command *pb.Command
}

func (a Action) String() string {
	var b strings.Builder
	b.WriteString(string(a.Kind))
	for _, kv := range [][2]string{{"group", a.GroupID}, {"member", a.MemberID}, {"location", a.Location}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " %s=%s", kv[0], kv[1])
		}
	}
	if a.Command != nil {
		switch op := a.Command.Op.(type) {
		case *pb.Command_RemoveMember:
			fmt.Fprintf(&b, " epoch=%d", op.RemoveMember.ExpectedEpoch)
			if op.RemoveMember.NewPrimary != "" {
				fmt.Fprintf(&b, " promote=%s", op.RemoveMember.NewPrimary)
			}
		case *pb.Command_AddMember:
			fmt.Fprintf(&b, " epoch=%d address=%s", op.AddMember.ExpectedEpoch, op.AddMember.Address)
		case *pb.Command_UpdateMember:
			fmt.Fprintf(&b, " state=%s address=%s", op.UpdateMember.State, op.UpdateMember.Address)
		}
	}
	if a.Reason != "" {
		fmt.Fprintf(&b, ": %s", a.Reason)
	}
	return b.String()
}

// A Plan is the repair loop's decisions for one round.
type Plan struct {
	// Actions in the order to propose them. Commands about one group carry the epochs they
	// expect, in a chain: if one is refused (ErrStaleEpoch), the rest of that group's are
	// refused too and nothing is half-applied; plan again.
	Actions []Action
	// NextAt is when to plan again even if no input changes (a creation times out, a lease
	// expires, the analyzer's refusal ends); zero: only on a new input.
	NextAt time.Time
}

// PlanRepairs decides the repairs of every group, as a pure function of the state, the
// observations, the placer's decisions (nil: every location allowed) and the config. It
// changes nothing: the caller proposes the commands, and plans again after they are applied
// or on the next input. Planning again on the same state and observations gives the same
// actions; planning after they were applied gives no new command (creations in flight are
// in the state as pending members), only the same reports.
//
// Per group, first: a promoted COLD_PASSIVE member (STARTING) that its agent reports READY
// (Observations.Started) gets its address and becomes READY (UpdateMember, same epoch). Then,
// with infrastructure-controlled membership, in this order:
//  1. every member that failed, or is at a down location, is removed, one view each; a failed
//     primary of a passive group is removed last, with the first remaining member (the one
//     that joined first among those caught up) promoted in the same view — after its lease
//     when the fault is not Certain; with no caught-up backup none is promoted (reported);
//  2. a pending member that is ready joins the view; one that failed, is at a down location,
//     or was not ready within CreateTimeout is cancelled;
//  3. while members plus pending members are fewer than the target (InitialNumberMembers
//     until the group first reached it, then MinimumNumberMembers) a member is created at
//     the allowed location (Factories; any when unset) that is up, free of this group, not
//     refused by the placer, and holds the fewest members of all groups (then by name).
//
// Before the groups, every location observed down that the state still has up is marked
// down. With application-controlled membership only reports are made.
func PlanRepairs(s *State, obs Observations, placer Placer, cfg RepairConfig) Plan {
	p := &planner{s: s, obs: obs, placer: placer, cfg: cfg, down: map[string]bool{}, load: map[string]int{}}
	p.plan()
	return Plan{Actions: p.actions, NextAt: p.next}
}

type planner struct {
	s       *State
	obs     Observations
	placer  Placer
	cfg     RepairConfig
	down    map[string]bool
	load    map[string]int // members and pending members of all groups per location
	actions []Action
	next    time.Time
}

func (p *planner) wake(t time.Time) {
	if !t.IsZero() && (p.next.IsZero() || t.Before(p.next)) {
		p.next = t
	}
}

func (p *planner) cmd(a Action) {
	p.actions = append(p.actions, a)
}

func (p *planner) at() *timestamppb.Timestamp { return timestamppb.New(p.obs.Now) }

func (p *planner) plan() {
	s := p.s
	for _, n := range sortedKeys(s.locations) {
		l := s.locations[n]
		if l.State == pb.LocationState_LOCATION_STATE_DOWN {
			p.down[n] = true
		}
	}
	for _, n := range sortedKeys(p.obs.DownLocations) {
		f := p.obs.DownLocations[n]
		p.down[n] = true
		if l, ok := s.locations[n]; ok && l.State == pb.LocationState_LOCATION_STATE_UP {
			p.cmd(Action{Kind: ActionMarkLocationDown, Location: n, Reason: f.Kind,
				Command: &pb.Command{At: p.at(), Op: &pb.Command_SetLocationState{SetLocationState: &pb.SetLocationStateCommand{
					Location: n, State: pb.LocationState_LOCATION_STATE_DOWN, Incarnation: l.Incarnation, Reason: f.Kind}}}})
		}
	}
	for _, g := range s.groups {
		for _, l := range groupLocations(g) {
			p.load[l]++
		}
	}
	for _, id := range sortedKeys(s.groups) {
		p.group(s.groups[id])
	}
}

// failure returns why member m (at loc) must go, or ok false.
func (p *planner) failure(g *pb.ObjectGroup, memberID, loc string) (Fault, bool) {
	if f, ok := p.obs.FailedMembers[MemberRef{g.GroupId, memberID}]; ok {
		return f, true
	}
	if p.down[loc] {
		f, ok := p.obs.DownLocations[loc]
		if !ok {
			f = Fault{Kind: "location " + loc + " down", Certain: true}
		} else {
			f.Kind = fmt.Sprintf("%s at %s", f.Kind, loc)
		}
		return f, true
	}
	return Fault{}, false
}

func (p *planner) group(g *pb.ObjectGroup) {
	props := p.s.resolveGroup(g)
	epoch := g.View.Epoch
	report := func(format string, args ...any) {
		p.actions = append(p.actions, Action{Kind: ActionReport, GroupID: g.GroupId, Reason: fmt.Sprintf(format, args...)})
	}
	infra := props.InfrastructureControlled()

	// 1. Failed members.
	type gone struct {
		m *pb.Member
		f Fault
	}
	var failed []gone
	var primaryFailed *gone
	for _, m := range g.View.Members {
		if f, ok := p.failure(g, m.MemberId, m.Location); ok {
			if m.MemberId == g.View.Primary {
				primaryFailed = &gone{m, f}
			} else {
				failed = append(failed, gone{m, f})
			}
		}
	}
	remaining := len(g.View.Members)
	freed := map[string]string{} // location -> member id removed there
	remove := func(x gone, newPrimary string) {
		if !infra {
			report("member %s at %s failed (%s): application-controlled membership, not removed", x.m.MemberId, x.m.Location, x.f.Kind)
			return
		}
		p.cmd(Action{Kind: ActionRemoveMember, GroupID: g.GroupId, MemberID: x.m.MemberId, Location: x.m.Location, Reason: x.f.Kind,
			Command: &pb.Command{At: p.at(), Op: &pb.Command_RemoveMember{RemoveMember: &pb.RemoveMemberRequest{
				GroupId: g.GroupId, MemberId: x.m.MemberId, ExpectedEpoch: epoch, NewPrimary: newPrimary, Reason: x.f.Kind}}}})
		epoch++
		remaining--
		freed[x.m.Location] = x.m.MemberId
		p.load[x.m.Location]--
	}
	// A promoted cold member now running: its address (the view's epoch does not change).
	for _, m := range g.View.Members {
		if addr, ok := p.obs.Started[MemberRef{g.GroupId, m.MemberId}]; ok && m.State == pb.MemberState_MEMBER_STATE_STARTING && addr != "" {
			if _, bad := p.failure(g, m.MemberId, m.Location); bad {
				continue
			}
			p.cmd(Action{Kind: ActionUpdateMember, GroupID: g.GroupId, MemberID: m.MemberId, Location: m.Location, Reason: "started",
				Command: &pb.Command{At: p.at(), Op: &pb.Command_UpdateMember{UpdateMember: &pb.UpdateMemberCommand{
					GroupId: g.GroupId, MemberId: m.MemberId, Address: addr, State: pb.MemberState_MEMBER_STATE_READY}}}})
		}
	}
	for _, x := range failed {
		remove(x, "")
	}
	primaryless := g.View.Primary == ""
	if primaryFailed != nil {
		after := primaryFailed.f.At.Add(time.Duration(float64(p.cfg.PrimaryLease) * (1 + p.cfg.ClockDriftRate)))
		if p.cfg.PrimaryLease > 0 && !primaryFailed.f.Certain && p.obs.Now.Before(after) {
			p.wake(after)
			if infra {
				report("primary %s at %s failed (%s): replaced after its lease, at %s", primaryFailed.m.MemberId, primaryFailed.m.Location, primaryFailed.f.Kind, after.Format(time.RFC3339Nano))
			}
		} else {
			next := ""
			for _, m := range g.View.Members {
				if _, bad := p.failure(g, m.MemberId, m.Location); !bad && m.CaughtUp {
					next = m.MemberId
					break
				}
			}
			if next == "" && remaining > 1 && infra {
				report("primary %s at %s failed and no backup is caught up: the group has no primary until one is named (set_primary_member)", primaryFailed.m.MemberId, primaryFailed.m.Location)
			}
			remove(*primaryFailed, next)
			primaryless = infra && next == ""
		}
	}

	// 2. Pending members.
	pending := 0
	for _, pm := range g.Pending {
		ref := MemberRef{g.GroupId, pm.MemberId}
		if f, bad := p.failure(g, pm.MemberId, pm.Location); bad {
			p.cancel(g, pm, infra, f.Kind)
			continue
		}
		if addr, ok := p.obs.Ready[ref]; ok {
			if !infra {
				report("member %s at %s is ready: application-controlled membership, add it with add_member", pm.MemberId, pm.Location)
				pending++
				continue
			}
			p.cmd(Action{Kind: ActionAddMember, GroupID: g.GroupId, MemberID: pm.MemberId, Location: pm.Location, Reason: "ready",
				Command: &pb.Command{At: p.at(), Op: &pb.Command_AddMember{AddMember: &pb.AddMemberRequest{
					GroupId: g.GroupId, Member: &pb.AddMemberRequest_PendingMemberId{PendingMemberId: pm.MemberId},
					Address: addr, ExpectedEpoch: epoch, Reason: "ready"}}}})
			epoch++
			remaining++
			continue
		}
		deadline := pm.RequestedAt.AsTime().Add(p.cfg.CreateTimeout)
		if !p.obs.Now.Before(deadline) {
			p.cancel(g, pm, infra, fmt.Sprintf("not ready within %v", p.cfg.CreateTimeout))
			continue
		}
		p.wake(deadline)
		pending++
	}

	// 3. Shortfall. A passive group that had a primary and has none now lost its state (no
	// member holds every acknowledged update): a new member could never join it (nothing to
	// transfer from), so none is created until an operator names a primary.
	if props.Passive() && g.HadPrimary && primaryless {
		if infra {
			report("no primary and no caught-up member: the group's state is lost; it serves nothing until an operator names a primary (set_primary_member, accepting what that member lacks) or deletes the group")
		}
		return
	}
	target := props.MinimumNumberMembers
	if !g.Initialised {
		target = props.InitialNumberMembers
	}
	need := target - remaining - pending
	if need <= 0 {
		return
	}
	if !infra {
		report("%d members, %d being created, below the target of %d: application-controlled membership, not repaired", remaining, pending, target)
		return
	}
	cands, refused := p.candidates(g, &props, freed)
	for _, l := range cands {
		if need == 0 {
			break
		}
		p.cmd(Action{Kind: ActionCreateMember, GroupID: g.GroupId, Location: l,
			Reason:  fmt.Sprintf("%d of %d members", target-need, target),
			Command: &pb.Command{At: p.at(), Op: &pb.Command_CreateMember{CreateMember: &pb.CreateMemberRequest{GroupId: g.GroupId, Location: l, RequestedBy: "repair"}}}})
		p.load[l]++
		need--
	}
	if need > 0 {
		why := "no other allowed location"
		if len(refused) > 0 {
			why += " (" + strings.Join(refused, "; ") + ")"
		}
		report("%d members short of the target of %d: %s", need, target, why)
	}
}

func (p *planner) cancel(g *pb.ObjectGroup, pm *pb.PendingMember, infra bool, why string) {
	if !infra {
		p.actions = append(p.actions, Action{Kind: ActionReport, GroupID: g.GroupId, MemberID: pm.MemberId, Location: pm.Location,
			Reason: fmt.Sprintf("member %s being created at %s failed (%s): application-controlled membership, not cancelled", pm.MemberId, pm.Location, why)})
		return
	}
	p.cmd(Action{Kind: ActionCancelCreation, GroupID: g.GroupId, MemberID: pm.MemberId, Location: pm.Location, Reason: why,
		Command: &pb.Command{At: p.at(), Op: &pb.Command_CancelCreation{CancelCreation: &pb.CancelCreationCommand{
			GroupId: g.GroupId, MemberId: pm.MemberId, Reason: why}}}})
	p.load[pm.Location]--
}

// candidates lists where g may get a new member, best first, and why others were refused.
// freed maps the locations of members removed in this plan to their member ids: they are
// free again.
func (p *planner) candidates(g *pb.ObjectGroup, props *Resolved, freed map[string]string) (ok []string, refused []string) {
	taken := map[string]bool{}
	for _, m := range g.View.Members {
		if _, f := freed[m.Location]; !f {
			taken[m.Location] = true
		}
	}
	for _, pm := range g.Pending {
		taken[pm.Location] = true
	}
	for _, a := range p.actions {
		if a.Kind == ActionCancelCreation && a.GroupID == g.GroupId {
			delete(taken, a.Location)
		}
	}
	allowed := props.Factories
	if allowed == nil {
		allowed = sortedKeys(p.s.locations)
	}
	for _, l := range allowed {
		loc, known := p.s.locations[l]
		if !known || loc.State != pb.LocationState_LOCATION_STATE_UP || p.down[l] || taken[l] {
			continue
		}
		if p.placer != nil {
			if d := p.placer.MayPlace(l, g.TypeId); !d.Allowed() {
				refused = append(refused, fmt.Sprintf("%s: %v", l, d.Err))
				p.wake(d.Until)
				continue
			}
			if r, isR := p.placer.(Restarter); isR {
				if d := r.MayRestart(analyze.Subject{Location: l, TypeID: g.TypeId, GroupID: g.GroupId}); !d.Allowed() {
					refused = append(refused, fmt.Sprintf("%s: %v", l, d.Err))
					p.wake(d.Until)
					continue
				}
			}
		}
		ok = append(ok, l)
	}
	slices.SortStableFunc(ok, func(a, b string) int {
		if p.load[a] != p.load[b] {
			return p.load[a] - p.load[b]
		}
		return strings.Compare(a, b)
	})
	return ok, refused
}
