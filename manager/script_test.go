package manager

import (
	"github.com/wardenft/warden/internal/scripttest"
	"reflect"

	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wardenft/warden/analyze"
	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The scripted interaction tests, in the etcd-raft style: each file in testdata/ is a sequence
// of commands, each followed by "----" and the output it must produce, then a blank line.
// Run with -rewrite to regenerate the expected outputs, then review the diff.
//
// Times are offsets from the script's start; the harness's clock is the last at= or now=
// given (0 at the start). Commands that apply a state machine command print the group's view
// (or "ok") or the error:
//
//	register-location L [incarnation=N]       RegisterLocation
//	location-state L up|down [incarnation=N]  SetLocationState
//	forget-location L
//	register-type T [command=C]               RegisterType (command /bin/T by default)
//	unregister-type T
//	set-defaults Name=V ...                   SetDefaultProperties (Name: FT-CORBA name or
//	set-type-props T Name=V ...                 alias style= membership= initial= min=
//	set-group-props G Name=V ...                factories= interval= timeout= checkpoint=)
//	rm-defaults Name ... | rm-type-props T Name ... | rm-group-props G Name ...
//	props G | defaults | type-props T         resolved properties with origins / a level
//	create-group G type=T [Name=V ...]        CreateObject
//	delete-group G
//	create-member G L                         CreateMember (operator)
//	cancel G M
//	add-member G M [address=A] [epoch=N]      AddMember of a pending member
//	add-external G L address=A                AddMember of an external object
//	remove-member G (M | location=L) [epoch=N] [promote=M]
//	set-primary G (M | location=L) [epoch=N]
//	update-member G M [address=A] [state=S]
//	caught-up G epoch=N M ...                 MarkCaughtUp (the primary's report); views
//	                                            mark caught-up members with *
//	view G | groups | locations | desired L
//
// Observations (the leader's soft state) and the placer, for repair:
//
//	fault member=G/M [kind=K] [certain]        a member fault (at the clock)
//	host-fault L                                a location judged down
//	recover member=G/M | host-recover L         forget the observation
//	ready member=G/M [address=A]                a pending member's agent reports it ready
//	refuse L [type=T] [until=D]                 the placer refuses L (for T)
//	allow L                                     the placer allows L again
//	refuse-restart G L                          the placer's MayRestart refuses slot (G, L)
//	config CreateTimeout=D PrimaryLease=D
//	repair now=D [dry]                          PlanRepairs; applies each command (unless
//	                                            dry) and prints the action and its outcome
//
// After every command the harness checks the invariants of checkInvariants and that a
// snapshot restores to the same bytes.

var rewrite = flag.Bool("rewrite", false, "rewrite the expected output of the scripted tests in testdata/")

var scriptEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestScripts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata/: %v", err)
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			h := newHarness(t, path)
			scripttest.Run(t, path, *rewrite, "go test ./manager -run TestScripts -rewrite", h.run)
		})
	}
}

// fakePlacer refuses locations (or types at them) and member slots, as an analyzer would.
type fakePlacer struct {
	now       *time.Time                  // a refusal with an Until ends then, as the analyzer's do
	refused   map[string]analyze.Decision // location or location/type
	noRestart map[string]bool             // group/location
}

func (f *fakePlacer) MayPlace(loc, typeID string) analyze.Decision {
	for _, k := range []string{loc, loc + "/" + typeID} {
		if d, ok := f.refused[k]; ok && (d.Until.IsZero() || f.now.Before(d.Until)) {
			return d
		}
	}
	return analyze.Decision{}
}

func (f *fakePlacer) MayRestart(s analyze.Subject) analyze.Decision {
	if f.noRestart[s.GroupID+"/"+s.Location] {
		return analyze.Decision{Err: fmt.Errorf("%w: member at %s", analyze.ErrPermanent, s.Location), Blocker: s}
	}
	return analyze.Decision{}
}

type harness struct {
	t      *testing.T
	path   string
	s      *State
	now    time.Time
	obs    Observations
	placer *fakePlacer
	cfg    RepairConfig
	seen   map[string]seenView
	cur    *scripttest.Cmd
}

func newHarness(t *testing.T, path string) *harness {
	h := &harness{t: t, path: path, s: New(), now: scriptEpoch,
		obs:    Observations{FailedMembers: map[MemberRef]Fault{}, DownLocations: map[string]Fault{}, Ready: map[MemberRef]string{}},
		placer: &fakePlacer{refused: map[string]analyze.Decision{}, noRestart: map[string]bool{}},
		cfg:    DefaultRepairConfig(), seen: map[string]seenView{}}
	h.placer.now = &h.now
	return h
}

func (h *harness) fatalf(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf("%s:%d: %s: %s", h.path, h.cur.Line, h.cur.Text, fmt.Sprintf(format, args...))
}

func (h *harness) arg(c *scripttest.Cmd, i int) string {
	if i >= len(c.Args) {
		h.fatalf("argument %d missing", i+1)
	}
	return c.Args[i]
}

func (h *harness) dur(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		h.fatalf("%q: %v", s, err)
	}
	return d
}

func (h *harness) u64(c *scripttest.Cmd, k string) uint64 {
	v, ok := c.KV[k]
	if !ok {
		return 0
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		h.fatalf("%s=%s: %v", k, v, err)
	}
	return n
}

var propAliases = map[string]string{"style": "ReplicationStyle", "membership": "MembershipStyle", "consistency": "ConsistencyStyle",
	"monitoring": "FaultMonitoringStyle", "granularity": "FaultMonitoringGranularity", "initial": "InitialNumberMembers",
	"min": "MinimumNumberMembers", "interval": "FaultMonitoringInterval", "timeout": "FaultMonitoringTimeout",
	"checkpoint": "CheckpointInterval", "factories": "Factories"}

// props parses the key=value pairs of c (except skip) as properties; a parse error is the
// command's output.
func (h *harness) props(c *scripttest.Cmd, skip ...string) (*pb.Properties, error) {
	p := &pb.Properties{}
	for _, k := range c.Keys {
		if slices.Contains(skip, k) {
			continue
		}
		name := k
		if a, ok := propAliases[k]; ok {
			name = a
		}
		if err := SetProperty(p, name, c.KV[k]); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (h *harness) names(ss []string) ([]pb.PropertyName, error) {
	var ns []pb.PropertyName
	for _, s := range ss {
		if a, ok := propAliases[s]; ok {
			s = a
		}
		n, err := ParsePropertyName(s)
		if err != nil {
			return nil, err
		}
		ns = append(ns, n)
	}
	return ns, nil
}

func (h *harness) apply(op any) string {
	cmd := &pb.Command{At: timestamppb.New(h.now)}
	switch o := op.(type) {
	case *pb.SetDefaultPropertiesRequest:
		cmd.Op = &pb.Command_SetDefaultProperties{SetDefaultProperties: o}
	case *pb.RemoveDefaultPropertiesRequest:
		cmd.Op = &pb.Command_RemoveDefaultProperties{RemoveDefaultProperties: o}
	case *pb.SetTypePropertiesRequest:
		cmd.Op = &pb.Command_SetTypeProperties{SetTypeProperties: o}
	case *pb.RemoveTypePropertiesRequest:
		cmd.Op = &pb.Command_RemoveTypeProperties{RemoveTypeProperties: o}
	case *pb.SetPropertiesDynamicallyRequest:
		cmd.Op = &pb.Command_SetGroupProperties{SetGroupProperties: o}
	case *pb.RemoveGroupPropertiesRequest:
		cmd.Op = &pb.Command_RemoveGroupProperties{RemoveGroupProperties: o}
	case *pb.RegisterTypeRequest:
		cmd.Op = &pb.Command_RegisterType{RegisterType: o}
	case *pb.UnregisterTypeRequest:
		cmd.Op = &pb.Command_UnregisterType{UnregisterType: o}
	case *pb.RegisterRequest:
		cmd.Op = &pb.Command_RegisterLocation{RegisterLocation: o}
	case *pb.SetLocationStateCommand:
		cmd.Op = &pb.Command_SetLocationState{SetLocationState: o}
	case *pb.ForgetLocationCommand:
		cmd.Op = &pb.Command_ForgetLocation{ForgetLocation: o}
	case *pb.CreateObjectRequest:
		cmd.Op = &pb.Command_CreateGroup{CreateGroup: o}
	case *pb.DeleteObjectRequest:
		cmd.Op = &pb.Command_DeleteGroup{DeleteGroup: o}
	case *pb.CreateMemberRequest:
		cmd.Op = &pb.Command_CreateMember{CreateMember: o}
	case *pb.CancelCreationCommand:
		cmd.Op = &pb.Command_CancelCreation{CancelCreation: o}
	case *pb.AddMemberRequest:
		cmd.Op = &pb.Command_AddMember{AddMember: o}
	case *pb.RemoveMemberRequest:
		cmd.Op = &pb.Command_RemoveMember{RemoveMember: o}
	case *pb.SetPrimaryMemberRequest:
		cmd.Op = &pb.Command_SetPrimary{SetPrimary: o}
	case *pb.UpdateMemberCommand:
		cmd.Op = &pb.Command_UpdateMember{UpdateMember: o}
	case *pb.MarkCaughtUpCommand:
		cmd.Op = &pb.Command_MarkCaughtUp{MarkCaughtUp: o}
	default:
		h.fatalf("harness: no command for %T", op)
	}
	return h.applyCmd(cmd)
}

// applyCmd applies through the Raft encoding, as the FSM will, and prints the outcome.
func (h *harness) applyCmd(cmd *pb.Command) string {
	b, err := EncodeCommand(cmd)
	if err != nil {
		h.fatalf("encode: %v", err)
	}
	dec, err := DecodeCommand(b)
	if err != nil {
		h.fatalf("decode: %v", err)
	}
	before, _ := h.s.Snapshot()
	for l := range h.s.locations { // fill the cache, so that a stale entry would show below
		h.s.DesiredVersion(l)
	}
	res, err := h.s.Apply(dec)
	for l := range h.s.locations {
		if got, want := h.s.DesiredVersion(l), h.s.desiredVersion(l); got != want {
			h.fatalf("cached desired version of %s is %d after %T; computed %d", l, got, dec.Op, want)
		}
	}
	fresh := New()
	fresh.groups = h.s.groups
	for id := range fresh.groups {
		fresh.reindex(id)
	}
	if !reflect.DeepEqual(fresh.atLoc, h.s.atLoc) {
		h.fatalf("location index after %T: %v; rebuilt: %v", dec.Op, h.s.atLoc, fresh.atLoc)
	}
	if err != nil {
		if after, _ := h.s.Snapshot(); string(after) != string(before) {
			h.fatalf("refused command changed the state: %v", err)
		}
		return "error: " + err.Error()
	}
	if res.Pending != nil {
		return fmt.Sprintf("pending %s at %s (creation %d)", res.Pending.MemberId, res.Pending.Location, res.Pending.CreationId)
	}
	if res.View != nil {
		return fmtView(res.View, h.s.groups[res.View.GroupId])
	}
	return "ok"
}

func fmtView(v *pb.View, g *pb.ObjectGroup) string {
	var b strings.Builder
	primary := v.Primary
	if primary == "" {
		primary = "-"
	}
	fmt.Fprintf(&b, "%s epoch=%d v=%d %s primary=%s [", v.GroupId, v.Epoch, v.Version, StyleString(v.ReplicationStyle), primary)
	for i, m := range v.Members {
		if i > 0 {
			b.WriteString(" ")
		}
		st := strings.TrimPrefix(m.State.String(), "MEMBER_STATE_")
		if m.CaughtUp {
			st += "*" // caught up: may be promoted
		}
		fmt.Fprintf(&b, "%s@%s:%s", m.MemberId, m.Location, st)
	}
	b.WriteString("]")
	if g != nil && len(g.Pending) > 0 {
		b.WriteString(" pending=[")
		for i, p := range g.Pending {
			if i > 0 {
				b.WriteString(" ")
			}
			fmt.Fprintf(&b, "%s@%s", p.MemberId, p.Location)
		}
		b.WriteString("]")
	}
	if v.Reason != "" {
		fmt.Fprintf(&b, " (%s)", v.Reason)
	}
	return b.String()
}

func (h *harness) memberRef(c *scripttest.Cmd) MemberRef {
	g, m, ok := strings.Cut(c.KV["member"], "/")
	if !ok {
		h.fatalf("member=G/M required")
	}
	return MemberRef{g, m}
}

func (h *harness) run(c *scripttest.Cmd) string {
	h.cur = c
	if at, ok := c.KV["at"]; ok {
		h.now = scriptEpoch.Add(h.dur(at))
	}
	out := h.exec(c)
	if err := checkInvariants(h.s, h.seen); err != nil {
		h.fatalf("invariant: %v", err)
	}
	snap, err := h.s.Snapshot()
	if err != nil {
		h.fatalf("snapshot: %v", err)
	}
	r := New()
	if err := r.Restore(snap); err != nil {
		h.fatalf("restore: %v", err)
	}
	if again, _ := r.Snapshot(); string(again) != string(snap) {
		h.fatalf("snapshot does not round-trip")
	}
	return out
}

func (h *harness) exec(c *scripttest.Cmd) string {
	switch c.Name {
	case "register-location":
		inc := h.u64(c, "incarnation")
		if inc == 0 {
			inc = 1
		}
		return h.apply(&pb.RegisterRequest{Location: h.arg(c, 0), AgentAddress: h.arg(c, 0) + ":7400", Incarnation: inc})
	case "location-state":
		st := pb.LocationState_LOCATION_STATE_UP
		if h.arg(c, 1) == "down" {
			st = pb.LocationState_LOCATION_STATE_DOWN
		}
		return h.apply(&pb.SetLocationStateCommand{Location: h.arg(c, 0), State: st, Incarnation: h.u64(c, "incarnation")})
	case "forget-location":
		return h.apply(&pb.ForgetLocationCommand{Location: h.arg(c, 0)})
	case "register-type":
		cmd := "/bin/" + h.arg(c, 0)
		if v, ok := c.KV["command"]; ok {
			cmd = v
		}
		return h.apply(&pb.RegisterTypeRequest{Type: &pb.MemberType{TypeId: h.arg(c, 0), Launch: &pb.LaunchSpec{
			Command: cmd, Args: []string{"--listen=:{{port}}", "--data={{data_dir}}"}}}})
	case "unregister-type":
		return h.apply(&pb.UnregisterTypeRequest{TypeId: h.arg(c, 0)})
	case "set-defaults", "set-type-props", "set-group-props":
		p, err := h.props(c)
		if err != nil {
			return "error: " + err.Error()
		}
		switch c.Name {
		case "set-defaults":
			return h.apply(&pb.SetDefaultPropertiesRequest{Properties: p})
		case "set-type-props":
			return h.apply(&pb.SetTypePropertiesRequest{TypeId: h.arg(c, 0), Properties: p})
		}
		return h.apply(&pb.SetPropertiesDynamicallyRequest{GroupId: h.arg(c, 0), Properties: p})
	case "rm-defaults":
		ns, err := h.names(c.Args)
		if err != nil {
			return "error: " + err.Error()
		}
		return h.apply(&pb.RemoveDefaultPropertiesRequest{Names: ns})
	case "rm-type-props", "rm-group-props":
		ns, err := h.names(c.Args[1:])
		if err != nil {
			return "error: " + err.Error()
		}
		if c.Name == "rm-type-props" {
			return h.apply(&pb.RemoveTypePropertiesRequest{TypeId: h.arg(c, 0), Names: ns})
		}
		return h.apply(&pb.RemoveGroupPropertiesRequest{GroupId: h.arg(c, 0), Names: ns})
	case "props":
		r, err := h.s.GroupProperties(h.arg(c, 0))
		if err != nil {
			return "error: " + err.Error()
		}
		return fmtResolved(&r)
	case "defaults":
		return FormatProperties(h.s.DefaultProperties())
	case "type-props":
		return FormatProperties(h.s.TypeProperties(h.arg(c, 0)))
	case "create-group":
		p, err := h.props(c, "type", "at")
		if err != nil {
			return "error: " + err.Error()
		}
		return h.apply(&pb.CreateObjectRequest{GroupId: h.arg(c, 0), TypeId: c.KV["type"], Criteria: p})
	case "delete-group":
		return h.apply(&pb.DeleteObjectRequest{FactoryCreationId: h.arg(c, 0)})
	case "create-member":
		return h.apply(&pb.CreateMemberRequest{GroupId: h.arg(c, 0), Location: h.arg(c, 1), TypeId: c.KV["type"]})
	case "cancel":
		return h.apply(&pb.CancelCreationCommand{GroupId: h.arg(c, 0), MemberId: h.arg(c, 1)})
	case "add-member":
		return h.apply(&pb.AddMemberRequest{GroupId: h.arg(c, 0), Member: &pb.AddMemberRequest_PendingMemberId{PendingMemberId: h.arg(c, 1)},
			Address: c.KV["address"], ExpectedEpoch: h.u64(c, "epoch")})
	case "add-external":
		return h.apply(&pb.AddMemberRequest{GroupId: h.arg(c, 0), Member: &pb.AddMemberRequest_External{External: &pb.ExternalMember{
			Location: h.arg(c, 1), Address: c.KV["address"]}}, ExpectedEpoch: h.u64(c, "epoch")})
	case "remove-member", "set-primary":
		id := ""
		if len(c.Args) > 1 {
			id = c.Args[1]
		}
		if c.Name == "set-primary" {
			return h.apply(&pb.SetPrimaryMemberRequest{GroupId: h.arg(c, 0), MemberId: id, Location: c.KV["location"], ExpectedEpoch: h.u64(c, "epoch")})
		}
		return h.apply(&pb.RemoveMemberRequest{GroupId: h.arg(c, 0), MemberId: id, Location: c.KV["location"], ExpectedEpoch: h.u64(c, "epoch"), NewPrimary: c.KV["promote"]})
	case "caught-up":
		return h.apply(&pb.MarkCaughtUpCommand{GroupId: h.arg(c, 0), Epoch: h.u64(c, "epoch"), MemberIds: c.Args[1:]})
	case "update-member":
		var st pb.MemberState
		if v, ok := c.KV["state"]; ok {
			st = pb.MemberState(pb.MemberState_value["MEMBER_STATE_"+v])
		}
		return h.apply(&pb.UpdateMemberCommand{GroupId: h.arg(c, 0), MemberId: h.arg(c, 1), Address: c.KV["address"], State: st})
	case "view":
		g, err := h.s.Group(h.arg(c, 0))
		if err != nil {
			return "error: " + err.Error()
		}
		return fmtView(g.View, g)
	case "groups":
		var lines []string
		for _, g := range h.s.Groups() {
			lines = append(lines, fmtView(g.View, g))
		}
		return strings.Join(lines, "\n")
	case "locations":
		var lines []string
		for _, l := range h.s.Locations() {
			lines = append(lines, fmt.Sprintf("%s %s incarnation=%d", l.Name, locState(l.State), l.Incarnation))
		}
		return strings.Join(lines, "\n")
	case "desired":
		var lines []string
		for _, d := range h.s.Desired(h.arg(c, 0)) {
			lines = append(lines, fmt.Sprintf("%s/%s creation=%d %s %s", d.GroupId, d.MemberId, d.CreationId, strings.TrimPrefix(d.Role.String(), "DESIRED_ROLE_"), d.Launch.GetCommand()))
		}
		return strings.Join(lines, "\n")
	case "fault":
		f := Fault{Kind: "ObjectCrashFault", At: h.now, Certain: slices.Contains(c.Args, "certain")}
		if k, ok := c.KV["kind"]; ok {
			f.Kind = k
		}
		h.obs.FailedMembers[h.memberRef(c)] = f
		return "ok"
	case "host-fault":
		h.obs.DownLocations[h.arg(c, 0)] = Fault{Kind: "HostCrashFault", At: h.now, Certain: true}
		return "ok"
	case "recover":
		delete(h.obs.FailedMembers, h.memberRef(c))
		return "ok"
	case "host-recover":
		delete(h.obs.DownLocations, h.arg(c, 0))
		return "ok"
	case "ready":
		ref := h.memberRef(c)
		addr := c.KV["address"]
		if addr == "" {
			g, err := h.s.Group(ref.GroupID)
			if err != nil {
				h.fatalf("%v", err)
			}
			for _, p := range g.Pending {
				if p.MemberId == ref.MemberID {
					addr = fmt.Sprintf("%s:%d", p.Location, 7000+p.CreationId)
				}
			}
			if addr == "" {
				addr = "unknown:1"
			}
		}
		h.obs.Ready[ref] = addr
		return "ok"
	case "started":
		// The agent reports a promoted COLD_PASSIVE member READY at address.
		if h.obs.Started == nil {
			h.obs.Started = map[MemberRef]string{}
		}
		h.obs.Started[h.memberRef(c)] = c.KV["address"]
		return "ok"
	case "refuse":
		d := analyze.Decision{Err: fmt.Errorf("%w: location %s", analyze.ErrPermanent, h.arg(c, 0))}
		if u, ok := c.KV["until"]; ok {
			d.Until = scriptEpoch.Add(h.dur(u))
		}
		key := h.arg(c, 0)
		if t, ok := c.KV["type"]; ok {
			key += "/" + t
		}
		h.placer.refused[key] = d
		return "ok"
	case "allow":
		delete(h.placer.refused, h.arg(c, 0))
		return "ok"
	case "refuse-restart":
		h.placer.noRestart[h.arg(c, 0)+"/"+h.arg(c, 1)] = true
		return "ok"
	case "config":
		if v, ok := c.KV["CreateTimeout"]; ok {
			h.cfg.CreateTimeout = h.dur(v)
		}
		if v, ok := c.KV["PrimaryLease"]; ok {
			h.cfg.PrimaryLease = h.dur(v)
		}
		if err := h.cfg.Validate(); err != nil {
			return "error: " + err.Error()
		}
		return "ok"
	case "repair":
		if v, ok := c.KV["now"]; ok {
			h.now = scriptEpoch.Add(h.dur(v))
		}
		h.obs.Now = h.now
		plan := PlanRepairs(h.s, h.obs, h.placer, h.cfg)
		var lines []string
		for _, a := range plan.Actions {
			line := a.String()
			if a.Command != nil && !slices.Contains(c.Args, "dry") {
				out := h.applyCmd(a.Command)
				if strings.HasPrefix(out, "error: ") {
					line += "\n  -> " + out
				}
			}
			lines = append(lines, line)
		}
		if !plan.NextAt.IsZero() {
			lines = append(lines, "next "+plan.NextAt.Sub(scriptEpoch).String())
		}
		if len(lines) == 0 {
			return "no actions"
		}
		return strings.Join(lines, "\n")
	}
	h.fatalf("unknown command %q", c.Name)
	return ""
}

func fmtResolved(r *Resolved) string {
	var lines []string
	p := r.Proto()
	parts := strings.Split(FormatProperties(p), " ")
	for _, part := range parts {
		name, _, _ := strings.Cut(part, "=")
		n, _ := ParsePropertyName(name)
		lines = append(lines, fmt.Sprintf("%s (%s)", part, strings.ToLower(strings.TrimPrefix(r.Origins[n].String(), "PROPERTY_SOURCE_"))))
	}
	if r.Factories == nil {
		lines = append(lines, "Factories=* (any registered location)")
	}
	return strings.Join(lines, "\n")
}

// checkInvariants checks what holds after every command: per group, no member id twice in
// the view or among the pending, at most one member or pending member per location, a
// primary exactly when the style is passive and the view has members, and the primary in the
// view; epochs and versions never go back (seen holds the last view seen of each group).
func checkInvariants(s *State, seen map[string]seenView) error {
	for _, id := range s.GroupIDs() {
		g := s.groups[id]
		v := g.View
		ids := map[string]bool{}
		locs := map[string]string{}
		for _, m := range v.Members {
			if ids[m.MemberId] {
				return fmt.Errorf("group %s: member %s twice in view epoch %d", id, m.MemberId, v.Epoch)
			}
			ids[m.MemberId] = true
			if o, ok := locs[m.Location]; ok {
				return fmt.Errorf("group %s: %s and %s both at %s", id, o, m.MemberId, m.Location)
			}
			locs[m.Location] = m.MemberId
		}
		for _, p := range g.Pending {
			if ids[p.MemberId] {
				return fmt.Errorf("group %s: member %s both in view and pending", id, p.MemberId)
			}
			ids[p.MemberId] = true
			if o, ok := locs[p.Location]; ok {
				return fmt.Errorf("group %s: pending %s and %s both at %s", id, p.MemberId, o, p.Location)
			}
			locs[p.Location] = p.MemberId
		}
		props := s.resolveGroup(g)
		switch {
		case props.Passive() && v.Primary != "" && !ids[v.Primary]:
			return fmt.Errorf("group %s: passive with primary %q not among its members", id, v.Primary)
		case !props.Passive() && v.Primary != "":
			return fmt.Errorf("group %s: %s with primary %q", id, StyleString(props.ReplicationStyle), v.Primary)
		case len(v.Members) == 0 && v.Primary != "":
			return fmt.Errorf("group %s: primary %q of an empty view", id, v.Primary)
		}
		if o, ok := seen[id]; ok && o.created == g.CreatedAt.AsTime() {
			old := o.v
			if v.Version < old.Version || v.Epoch < old.Epoch {
				return fmt.Errorf("group %s: view went back from epoch %d v%d to epoch %d v%d", id, old.Epoch, old.Version, v.Epoch, v.Version)
			}
			if v.Version == old.Version && v.Epoch != old.Epoch {
				return fmt.Errorf("group %s: epoch changed without a new version", id)
			}
			if membershipChanged(old, v) && v.Epoch == old.Epoch {
				return fmt.Errorf("group %s: membership or primary changed without a new epoch (%d)", id, v.Epoch)
			}
		}
		seen[id] = seenView{proto.Clone(v).(*pb.View), g.CreatedAt.AsTime()}
	}
	return nil
}

func membershipChanged(a, b *pb.View) bool {
	if a.Primary != b.Primary || len(a.Members) != len(b.Members) {
		return true
	}
	for i := range a.Members {
		if a.Members[i].MemberId != b.Members[i].MemberId {
			return true
		}
	}
	return false
}

type seenView struct {
	v       *pb.View
	created time.Time
}
