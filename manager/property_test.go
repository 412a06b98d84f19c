package manager

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

var propSeed = flag.Uint64("seed", 0, "seed of TestProperties (0: a new one, printed)")

// TestProperties plays random histories of registrations, groups, operator commands, faults,
// readiness reports and repairs, and checks after every step the invariants of
// checkInvariants (no member twice in a view, one member per slot, epochs and versions
// never go back, a new epoch for every membership or primary change), that a refused
// command changes nothing and Snapshot/Restore round-trips exactly; at the end that, with
// faults cleared and agents answering, repairs converge to at least MinimumNumberMembers
// (or every allowed location) per group and then propose nothing; and that replaying the
// log of applied commands on a new State gives the same snapshot (what Raft replicas need).
// It prints its seed; -seed N replays it.
func TestProperties(t *testing.T) {
	seed := *propSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay: go test ./manager -run TestProperties -seed %d)", seed, seed)
	r := rand.New(rand.NewPCG(seed, 0x3a9))
	runs := 100
	if testing.Short() {
		runs = 50
	}
	for run := range runs {
		if err := propertyRun(r); err != nil {
			t.Fatalf("seed %d run %d: %v\n(replay: go test ./manager -run TestProperties -seed %d)", seed, run, err, seed)
		}
	}
}

type propWorld struct {
	r    *rand.Rand
	s    *State
	now  time.Time
	obs  Observations
	seen map[string]seenView
	log  [][]byte
	cfg  RepairConfig
}

func (w *propWorld) apply(op isCommandOp) error {
	cmd := &pb.Command{At: timestamppb.New(w.now)}
	op.set(cmd)
	return w.applyCmd(cmd)
}

func (w *propWorld) applyCmd(cmd *pb.Command) error {
	b, err := EncodeCommand(cmd)
	if err != nil {
		return err
	}
	before, err := w.s.Snapshot()
	if err != nil {
		return err
	}
	dec, err := DecodeCommand(b)
	if err != nil {
		return err
	}
	w.log = append(w.log, b)
	if _, aerr := w.s.Apply(dec); aerr != nil {
		after, _ := w.s.Snapshot()
		if !bytes.Equal(before, after) {
			return fmt.Errorf("refused command %v changed the state (%v)", cmd, aerr)
		}
	}
	if err := checkInvariants(w.s, w.seen); err != nil {
		return fmt.Errorf("after %v: %w", cmd, err)
	}
	snap, _ := w.s.Snapshot()
	n := New()
	if err := n.Restore(snap); err != nil {
		return err
	}
	if again, _ := n.Snapshot(); !bytes.Equal(again, snap) {
		return fmt.Errorf("snapshot does not round-trip after %v", cmd)
	}
	return nil
}

// isCommandOp wraps the oneof setters so that the world can build commands tersely.
type isCommandOp interface{ set(*pb.Command) }

type opFunc func(*pb.Command)

func (f opFunc) set(c *pb.Command) { f(c) }

var styles = []pb.ReplicationStyle{pb.ReplicationStyle_REPLICATION_STYLE_STATELESS, pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE,
	pb.ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE, pb.ReplicationStyle_REPLICATION_STYLE_ACTIVE, pb.ReplicationStyle_REPLICATION_STYLE_ACTIVE_WITH_VOTING}

func propertyRun(r *rand.Rand) error {
	w := &propWorld{r: r, s: New(), now: scriptEpoch, seen: map[string]seenView{}, cfg: DefaultRepairConfig(),
		obs: Observations{FailedMembers: map[MemberRef]Fault{}, DownLocations: map[string]Fault{}, Ready: map[MemberRef]string{}}}
	w.cfg.CreateTimeout = 5 * time.Second
	if r.IntN(2) == 0 {
		w.cfg.PrimaryLease = 3 * time.Second
	}
	nloc := 2 + r.IntN(5)
	locs := make([]string, nloc)
	for i := range locs {
		locs[i] = fmt.Sprintf("h%d", i)
		if err := w.apply(opFunc(func(c *pb.Command) {
			c.Op = &pb.Command_RegisterLocation{RegisterLocation: &pb.RegisterRequest{Location: locs[i], Incarnation: 1}}
		})); err != nil {
			return err
		}
	}
	if err := w.apply(opFunc(func(c *pb.Command) {
		c.Op = &pb.Command_RegisterType{RegisterType: &pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: "t", Launch: &pb.LaunchSpec{Command: "/bin/t"}}}}
	})); err != nil {
		return err
	}
	ngroups := 1 + r.IntN(4)
	for i := range ngroups {
		p := &pb.Properties{ReplicationStyle: styles[r.IntN(len(styles))],
			InitialNumberMembers: proto.Uint32(uint32(1 + r.IntN(5))), MinimumNumberMembers: proto.Uint32(uint32(1 + r.IntN(4)))}
		if r.IntN(3) == 0 {
			f := &pb.Factories{}
			for _, l := range locs {
				if r.IntN(2) == 0 {
					f.Locations = append(f.Locations, l)
				}
			}
			f.Locations = append(f.Locations, "unregistered")
			p.Factories = f
		}
		if r.IntN(8) == 0 {
			p.MembershipStyle = pb.MembershipStyle_MEMBERSHIP_STYLE_APPLICATION_CONTROLLED
		}
		// Many of these are invalid on purpose: they must be refused without a change.
		if err := w.apply(opFunc(func(c *pb.Command) {
			c.Op = &pb.Command_CreateGroup{CreateGroup: &pb.CreateObjectRequest{GroupId: fmt.Sprintf("g%d", i), TypeId: "t", Criteria: p}}
		})); err != nil {
			return err
		}
	}
	steps := 30 + r.IntN(60)
	for range steps {
		w.now = w.now.Add(time.Duration(r.IntN(3000)) * time.Millisecond)
		if err := w.step(locs); err != nil {
			return err
		}
	}
	return w.converge(locs)
}

// member picks a random member or pending member of a random group.
func (w *propWorld) member() (g *pb.ObjectGroup, id, loc string, ok bool) {
	ids := w.s.GroupIDs()
	if len(ids) == 0 {
		return nil, "", "", false
	}
	g = w.s.groups[ids[w.r.IntN(len(ids))]]
	n := len(g.View.Members) + len(g.Pending)
	if n == 0 {
		return g, "", "", false
	}
	i := w.r.IntN(n)
	if i < len(g.View.Members) {
		return g, g.View.Members[i].MemberId, g.View.Members[i].Location, true
	}
	p := g.Pending[i-len(g.View.Members)]
	return g, p.MemberId, p.Location, true
}

func (w *propWorld) step(locs []string) error {
	r := w.r
	switch k := r.IntN(12); {
	case k < 2: // a member fault
		if g, id, _, ok := w.member(); ok {
			w.obs.FailedMembers[MemberRef{g.GroupId, id}] = Fault{Kind: "ObjectCrashFault", At: w.now, Certain: r.IntN(2) == 0}
		}
	case k == 2: // a host fault, or a host coming back
		l := locs[r.IntN(len(locs))]
		if _, down := w.obs.DownLocations[l]; down || r.IntN(2) == 0 {
			delete(w.obs.DownLocations, l)
			return w.apply(opFunc(func(c *pb.Command) {
				c.Op = &pb.Command_RegisterLocation{RegisterLocation: &pb.RegisterRequest{Location: l, Incarnation: uint64(2 + r.IntN(1000))}}
			}))
		}
		w.obs.DownLocations[l] = Fault{Kind: "HostCrashFault", At: w.now, Certain: true}
	case k < 5: // a pending member reports ready
		if g, id, loc, ok := w.member(); ok {
			w.obs.Ready[MemberRef{g.GroupId, id}] = fmt.Sprintf("%s:%d", loc, 7000+r.IntN(100))
		}
	case k == 5: // an operator command, valid or not
		g, id, loc, _ := w.member()
		if g == nil {
			return nil
		}
		gid := g.GroupId
		switch r.IntN(5) {
		case 0:
			return w.apply(opFunc(func(c *pb.Command) {
				c.Op = &pb.Command_RemoveMember{RemoveMember: &pb.RemoveMemberRequest{GroupId: gid, MemberId: id, Location: loc}}
			}))
		case 1:
			return w.apply(opFunc(func(c *pb.Command) {
				c.Op = &pb.Command_SetPrimary{SetPrimary: &pb.SetPrimaryMemberRequest{GroupId: gid, MemberId: id}}
			}))
		case 2:
			return w.apply(opFunc(func(c *pb.Command) {
				c.Op = &pb.Command_CreateMember{CreateMember: &pb.CreateMemberRequest{GroupId: gid, Location: locs[r.IntN(len(locs))]}}
			}))
		case 3:
			return w.apply(opFunc(func(c *pb.Command) {
				c.Op = &pb.Command_SetGroupProperties{SetGroupProperties: &pb.SetPropertiesDynamicallyRequest{GroupId: gid,
					Properties: &pb.Properties{MinimumNumberMembers: proto.Uint32(uint32(r.IntN(6)))}}}
			}))
		case 4:
			return w.apply(opFunc(func(c *pb.Command) {
				c.Op = &pb.Command_AddMember{AddMember: &pb.AddMemberRequest{GroupId: gid,
					Member:  &pb.AddMemberRequest_External{External: &pb.ExternalMember{Location: locs[r.IntN(len(locs))], Address: "x:1"}},
					Address: "x:1", ExpectedEpoch: uint64(r.IntN(3))}}
			}))
		}
	default: // a repair round; sometimes only part of its commands get applied (leader lost)
		return w.repair(r.IntN(4) == 0)
	}
	return nil
}

func (w *propWorld) repair(partial bool) error {
	w.obs.Now = w.now
	plan := PlanRepairs(w.s, w.obs, nil, w.cfg)
	again := PlanRepairs(w.s, w.obs, nil, w.cfg)
	if fmt.Sprint(actionStrings(plan.Actions)) != fmt.Sprint(actionStrings(again.Actions)) {
		return fmt.Errorf("planning is not deterministic:\n%v\n%v", actionStrings(plan.Actions), actionStrings(again.Actions))
	}
	for i, a := range plan.Actions {
		if partial && i == len(plan.Actions)/2 {
			break
		}
		if a.Command != nil {
			if err := w.applyCmd(a.Command); err != nil {
				return err
			}
		}
	}
	return nil
}

func actionStrings(as []Action) []string {
	var ss []string
	for _, a := range as {
		ss = append(ss, a.String())
	}
	return ss
}

func (w *propWorld) converge(locs []string) error {
	// Clear the faults; every agent re-registers; every pending member gets ready.
	w.obs.FailedMembers = map[MemberRef]Fault{}
	w.obs.DownLocations = map[string]Fault{}
	for _, l := range locs {
		if err := w.apply(opFunc(func(c *pb.Command) {
			c.Op = &pb.Command_RegisterLocation{RegisterLocation: &pb.RegisterRequest{Location: l, Incarnation: 5000}}
		})); err != nil {
			return err
		}
	}
	var last []string
	for round := 0; ; round++ {
		w.now = w.now.Add(time.Second)
		for _, g := range w.s.groups {
			for _, p := range g.Pending {
				w.obs.Ready[MemberRef{g.GroupId, p.MemberId}] = p.Location + ":1"
			}
		}
		w.obs.Now = w.now
		plan := PlanRepairs(w.s, w.obs, nil, w.cfg)
		cmds := 0
		for _, a := range plan.Actions {
			if a.Command != nil {
				cmds++
				if err := w.applyCmd(a.Command); err != nil {
					return err
				}
			}
		}
		last = actionStrings(plan.Actions)
		if cmds == 0 {
			break
		}
		if round > 20 {
			return fmt.Errorf("repairs do not converge; last plan:\n%s", strings.Join(last, "\n"))
		}
	}
	for _, id := range w.s.GroupIDs() {
		g := w.s.groups[id]
		props := w.s.resolveGroup(g)
		if !props.InfrastructureControlled() {
			continue
		}
		if props.Passive() && g.HadPrimary && g.View.Primary == "" {
			// Its state is lost (its primary failed with no caught-up backup): it waits for
			// an operator rather than making a blank member its primary.
			continue
		}
		allowed := 0
		for _, l := range locs {
			if props.Factories == nil || contains(props.Factories, l) {
				allowed++
			}
		}
		want := min(props.MinimumNumberMembers, allowed)
		if len(g.View.Members) < want {
			return fmt.Errorf("group %s converged to %d members, want at least %d (min %d, %d allowed locations); last plan:\n%s",
				id, len(g.View.Members), want, props.MinimumNumberMembers, allowed, strings.Join(last, "\n"))
		}
	}
	// Replaying the log gives the same state.
	n := New()
	for _, b := range w.log {
		c, err := DecodeCommand(b)
		if err != nil {
			return err
		}
		_, _ = n.Apply(c)
	}
	a, _ := w.s.Snapshot()
	b, _ := n.Snapshot()
	if !bytes.Equal(a, b) {
		return fmt.Errorf("replaying the %d commands gives another state", len(w.log))
	}
	return nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
