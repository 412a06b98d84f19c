package manager

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/internal/names"
	"github.com/wardenft/warden/notify"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// SnapshotFormat is the format number Snapshot writes and Restore accepts.
const SnapshotFormat = 1

// State is the replicated state machine: the manager's whole authoritative state. Every
// change goes through Apply; everything else reads. It is not safe for concurrent use: the
// Raft FSM applies under its own lock and readers take that lock too (or read from a
// snapshot). Values returned are copies the caller owns; values passed in are not retained.
type State struct {
	defaults    *pb.Properties
	types       map[string]*pb.MemberType
	typeProps   map[string]*pb.Properties
	locations   map[string]*pb.Location
	groups      map[string]*pb.ObjectGroup
	lastVersion uint64
	faults      faultRing
	filters     map[string]string // subscription filter id -> CEL expression
	lastFilter  uint64

	// desired caches DesiredVersion per location (every agent heartbeat asks for it);
	// Apply drops the entries of the locations a command reports in Result.Locations.
	desired map[string]uint64
	// atLoc indexes the groups with a member or pending member at each location, and
	// groupLocs the locations of each group (Apply keeps both), so that what concerns one
	// location (Desired, an agent's reconciliation) does not scan every group.
	atLoc     map[string]map[string]bool
	groupLocs map[string][]string
}

// New returns an empty state: built-in default properties, no types, locations or groups.
func New() *State {
	return &State{
		defaults:  &pb.Properties{},
		types:     map[string]*pb.MemberType{},
		typeProps: map[string]*pb.Properties{},
		locations: map[string]*pb.Location{},
		groups:    map[string]*pb.ObjectGroup{},
		faults:    newFaultRing(),
		filters:   map[string]string{},
		desired:   map[string]uint64{},
		atLoc:     map[string]map[string]bool{},
		groupLocs: map[string][]string{},
	}
}

// Result is what an applied command produced.
type Result struct {
	// View is the group's view after the command, for commands about one group.
	View *pb.View
	// Pending is the member a CreateMember asked for.
	Pending *pb.PendingMember
	// Changed lists the groups whose view changed (new version), for WatchView.
	Changed []string
	// Locations lists the locations whose desired members may have changed: tell their agents
	// (the desired version in heartbeat acknowledgements).
	Locations []string
	// Faults are the events a RecordFaults committed (not those skipped as already held),
	// with their Seq: the FSM hands them to the notifier and the leader's control loop.
	Faults []*notify.Event
	// FilterID is the id a CreateFilter gave.
	FilterID string
}

// EncodeCommand serialises a command for the Raft log (deterministic bytes).
func EncodeCommand(c *pb.Command) ([]byte, error) {
	return proto.MarshalOptions{Deterministic: true}.Marshal(c)
}

// DecodeCommand parses a Raft log entry made by EncodeCommand.
func DecodeCommand(b []byte) (*pb.Command, error) {
	c := &pb.Command{}
	if err := proto.Unmarshal(b, c); err != nil {
		return nil, errf(ErrInvalidArgument, "decode command: %v", err)
	}
	return c, nil
}

// Apply applies one command. A refused command returns an error wrapping one of the
// package's sentinels and changes nothing; since every replica applies the same log,
// every replica refuses it alike. Apply reads no clock: times come from cmd.At.
func (s *State) Apply(cmd *pb.Command) (*Result, error) {
	res, err := s.apply(cmd)
	if err == nil {
		if g := commandGroup(cmd); g != "" {
			s.reindex(g)
		}
		switch cmd.Op.(type) {
		case *pb.Command_RegisterType, *pb.Command_UnregisterType:
			clear(s.desired) // launch specs of every group of the type
		default:
			for _, l := range res.Locations {
				delete(s.desired, l)
			}
		}
	}
	return res, err
}

// commandGroup names the group whose members or pending members a command may change.
func commandGroup(c *pb.Command) string {
	switch o := c.GetOp().(type) {
	case *pb.Command_CreateGroup:
		return o.CreateGroup.GetGroupId()
	case *pb.Command_DeleteGroup:
		return o.DeleteGroup.GetFactoryCreationId()
	case *pb.Command_CreateMember:
		return o.CreateMember.GetGroupId()
	case *pb.Command_CancelCreation:
		return o.CancelCreation.GetGroupId()
	case *pb.Command_AddMember:
		return o.AddMember.GetGroupId()
	case *pb.Command_RemoveMember:
		return o.RemoveMember.GetGroupId()
	case *pb.Command_SetPrimary:
		return o.SetPrimary.GetGroupId()
	case *pb.Command_UpdateMember:
		return o.UpdateMember.GetGroupId()
	case *pb.Command_MarkCaughtUp:
		return o.MarkCaughtUp.GetGroupId()
	}
	return ""
}

// reindex refreshes the location index of one group.
func (s *State) reindex(gid string) {
	for _, l := range s.groupLocs[gid] {
		delete(s.atLoc[l], gid)
		if len(s.atLoc[l]) == 0 {
			delete(s.atLoc, l)
		}
	}
	delete(s.groupLocs, gid)
	g, ok := s.groups[gid]
	if !ok {
		return
	}
	locs := groupLocations(g)
	if len(locs) == 0 {
		return
	}
	s.groupLocs[gid] = locs
	for _, l := range locs {
		if s.atLoc[l] == nil {
			s.atLoc[l] = map[string]bool{}
		}
		s.atLoc[l][gid] = true
	}
}

// groupsAt returns the ids of the groups with a member or pending member at loc, sorted.
func (s *State) groupsAt(loc string) []string {
	return sortedKeys(s.atLoc[loc])
}

func (s *State) apply(cmd *pb.Command) (*Result, error) {
	if cmd == nil || cmd.Op == nil {
		return nil, errf(ErrInvalidArgument, "command: no operation")
	}
	if err := cmd.At.CheckValid(); err != nil {
		return nil, errf(ErrInvalidArgument, "command at: %v", err)
	}
	at := cmd.At.AsTime()
	switch op := cmd.Op.(type) {
	case *pb.Command_SetDefaultProperties:
		return s.setDefaults(mergeProperties(s.defaults, op.SetDefaultProperties.GetProperties()), op.SetDefaultProperties.GetProperties(), at)
	case *pb.Command_RemoveDefaultProperties:
		p, err := removeProperties(s.defaults, op.RemoveDefaultProperties.GetNames())
		if err != nil {
			return nil, scoped(err, "defaults")
		}
		return s.setDefaults(p, nil, at)
	case *pb.Command_SetTypeProperties:
		r := op.SetTypeProperties
		return s.setTypeProps(r.GetTypeId(), mergeProperties(s.typeProps[r.GetTypeId()], r.GetProperties()), r.GetProperties(), at)
	case *pb.Command_RemoveTypeProperties:
		r := op.RemoveTypeProperties
		p, err := removeProperties(s.typeProps[r.GetTypeId()], r.GetNames())
		if err != nil {
			return nil, scoped(err, "type "+r.GetTypeId())
		}
		return s.setTypeProps(r.GetTypeId(), p, nil, at)
	case *pb.Command_SetGroupProperties:
		r := op.SetGroupProperties
		g, ok := s.groups[r.GetGroupId()]
		if !ok {
			return nil, errf(ErrGroupNotFound, "group %q", r.GetGroupId())
		}
		return s.setGroupProps(g, mergeProperties(g.Properties, r.GetProperties()), r.GetProperties(), at)
	case *pb.Command_RemoveGroupProperties:
		r := op.RemoveGroupProperties
		g, ok := s.groups[r.GetGroupId()]
		if !ok {
			return nil, errf(ErrGroupNotFound, "group %q", r.GetGroupId())
		}
		p, err := removeProperties(g.Properties, r.GetNames())
		if err != nil {
			return nil, scoped(err, "group "+g.GroupId)
		}
		return s.setGroupProps(g, p, nil, at)
	case *pb.Command_RegisterType:
		return s.registerType(op.RegisterType.GetType())
	case *pb.Command_UnregisterType:
		return s.unregisterType(op.UnregisterType.GetTypeId())
	case *pb.Command_RegisterLocation:
		return s.registerLocation(op.RegisterLocation, at)
	case *pb.Command_SetLocationState:
		return s.setLocationState(op.SetLocationState, at)
	case *pb.Command_ForgetLocation:
		return s.forgetLocation(op.ForgetLocation.GetLocation())
	case *pb.Command_CreateGroup:
		return s.createGroup(op.CreateGroup, at)
	case *pb.Command_DeleteGroup:
		return s.deleteGroup(op.DeleteGroup.GetFactoryCreationId())
	case *pb.Command_CreateMember:
		return s.createMember(op.CreateMember, at)
	case *pb.Command_CancelCreation:
		return s.cancelCreation(op.CancelCreation)
	case *pb.Command_AddMember:
		return s.addMember(op.AddMember, at)
	case *pb.Command_RemoveMember:
		return s.removeMember(op.RemoveMember, at)
	case *pb.Command_SetPrimary:
		return s.setPrimary(op.SetPrimary, at)
	case *pb.Command_UpdateMember:
		return s.updateMember(op.UpdateMember, at)
	case *pb.Command_RecordFaults:
		return s.recordFaults(op.RecordFaults, at)
	case *pb.Command_CreateFilter:
		return s.createFilter(op.CreateFilter)
	case *pb.Command_DestroyFilter:
		return s.destroyFilter(op.DestroyFilter)
	case *pb.Command_MarkCaughtUp:
		return s.markCaughtUp(op.MarkCaughtUp, at)
	default:
		return nil, errf(ErrInvalidArgument, "command: unknown operation %T", op)
	}
}

// scoped fills in the scope of a PropertyError that has none.
func scoped(err error, scope string) error {
	if pe, ok := err.(*PropertyError); ok && pe.Scope == "" {
		pe.Scope = scope
	}
	return err
}

// ---------------------------------------------------------------------------------------------
// Properties.

var levelSources = []pb.PropertySource{pb.PropertySource_PROPERTY_SOURCE_BUILTIN, pb.PropertySource_PROPERTY_SOURCE_DEFAULT,
	pb.PropertySource_PROPERTY_SOURCE_TYPE, pb.PropertySource_PROPERTY_SOURCE_GROUP}

var builtin = BuiltinProperties()

// check validates the resolved properties of the defaults, every type with properties or
// registered, and every group, as they would be with the candidate levels.
func (s *State) check(defaults *pb.Properties, typeProps map[string]*pb.Properties, group *pb.ObjectGroup, onlyType, onlyGroup string) error {
	if onlyType == "" && onlyGroup == "" {
		r := resolve([]*pb.Properties{builtin, defaults}, levelSources)
		if err := validateResolved(&r, "defaults"); err != nil {
			return err
		}
		for _, t := range sortedKeys(typeProps) {
			r := resolve([]*pb.Properties{builtin, defaults, typeProps[t]}, levelSources)
			if err := validateResolved(&r, "type "+t); err != nil {
				return err
			}
		}
	} else if onlyType != "" {
		r := resolve([]*pb.Properties{builtin, defaults, typeProps[onlyType]}, levelSources)
		if err := validateResolved(&r, "type "+onlyType); err != nil {
			return err
		}
	}
	for _, id := range sortedKeys(s.groups) {
		g := s.groups[id]
		if onlyType != "" && g.TypeId != onlyType || onlyGroup != "" && id != onlyGroup {
			continue
		}
		if group != nil && id == group.GroupId {
			g = group
		}
		r := resolve([]*pb.Properties{builtin, defaults, typeProps[g.TypeId], g.Properties}, levelSources)
		if err := validateResolved(&r, "group "+id); err != nil {
			return err
		}
	}
	return nil
}

func (s *State) setDefaults(p, set *pb.Properties, at time.Time) (*Result, error) {
	if err := validateLevel(set, "defaults"); err != nil {
		return nil, err
	}
	if err := s.check(p, s.typeProps, nil, "", ""); err != nil {
		return nil, err
	}
	s.defaults = p
	return s.propsChanged("", at), nil
}

func (s *State) setTypeProps(typeID string, p, set *pb.Properties, at time.Time) (*Result, error) {
	if err := validTypeID(typeID); err != nil {
		return nil, errf(ErrInvalidArgument, "type_id %q: %v", typeID, err)
	}
	if err := validateLevel(set, "type "+typeID); err != nil {
		return nil, err
	}
	tp := maps.Clone(s.typeProps)
	tp[typeID] = p
	if err := s.check(s.defaults, tp, nil, typeID, ""); err != nil {
		return nil, err
	}
	if proto.Equal(p, &pb.Properties{}) {
		delete(s.typeProps, typeID)
	} else {
		s.typeProps[typeID] = p
	}
	return s.propsChanged(typeID, at), nil
}

func (s *State) setGroupProps(g *pb.ObjectGroup, p, set *pb.Properties, at time.Time) (*Result, error) {
	if err := validateLevel(set, "group "+g.GroupId); err != nil {
		return nil, err
	}
	ng := proto.Clone(g).(*pb.ObjectGroup)
	ng.Properties = p
	if err := s.check(s.defaults, s.typeProps, ng, "", g.GroupId); err != nil {
		return nil, err
	}
	s.groups[g.GroupId] = ng
	res := &Result{Locations: groupLocations(ng)}
	if r := s.resolveGroup(ng); r.ReplicationStyle != ng.View.ReplicationStyle {
		s.newView(ng, false, at, "ReplicationStyle changed to "+StyleString(r.ReplicationStyle), func(v *pb.View) {
			v.ReplicationStyle = r.ReplicationStyle
		})
		res.Changed = []string{ng.GroupId}
	}
	res.View = proto.Clone(ng.View).(*pb.View)
	return res, nil
}

// propsChanged refreshes the replication style in the views of the groups a defaults or type
// change reached. A group's style changes only while it has no member in practice (changing
// it under running members is the operator's risk; the replica SDK reads it from the view).
func (s *State) propsChanged(typeID string, at time.Time) *Result {
	res := &Result{}
	for _, id := range sortedKeys(s.groups) {
		g := s.groups[id]
		if typeID != "" && g.TypeId != typeID {
			continue
		}
		res.Locations = append(res.Locations, groupLocations(g)...)
		r := s.resolveGroup(g)
		if r.ReplicationStyle != g.View.ReplicationStyle {
			s.newView(g, false, at, "ReplicationStyle changed to "+StyleString(r.ReplicationStyle), func(v *pb.View) {
				v.ReplicationStyle = r.ReplicationStyle
			})
			res.Changed = append(res.Changed, id)
		}
	}
	res.Locations = dedupSorted(res.Locations)
	return res
}

func (s *State) resolveGroup(g *pb.ObjectGroup) Resolved {
	return resolve([]*pb.Properties{builtin, s.defaults, s.typeProps[g.TypeId], g.Properties}, levelSources)
}

// ---------------------------------------------------------------------------------------------
// Types and locations.

func validTypeID(s string) error {
	return names.Valid(strings.ReplaceAll(s, "/", "_"))
}

var placeholders = []string{"member", "group", "type", "location", "creation_id", "port", "data_dir"}

func checkPlaceholders(field, s string) error {
	for rest := s; ; {
		i := strings.Index(rest, "{{")
		if i < 0 {
			return nil
		}
		rest = rest[i+2:]
		j := strings.Index(rest, "}}")
		if j < 0 || !slices.Contains(placeholders, rest[:j]) {
			return errf(ErrInvalidArgument, "%s %q: unknown placeholder at %q (known: {{%s}})", field, s, "{{"+rest, strings.Join(placeholders, "}}, {{"))
		}
		rest = rest[j+2:]
	}
}

func (s *State) registerType(t *pb.MemberType) (*Result, error) {
	if t == nil {
		return nil, errf(ErrInvalidArgument, "type: missing")
	}
	if err := validTypeID(t.TypeId); err != nil {
		return nil, errf(ErrInvalidArgument, "type_id %q: %v", t.TypeId, err)
	}
	l := t.GetLaunch()
	if l.GetCommand() == "" {
		return nil, errf(ErrInvalidArgument, "type %s: launch.command is empty", t.TypeId)
	}
	if err := checkPlaceholders("launch.command", l.Command); err != nil {
		return nil, err
	}
	for i, a := range l.Args {
		if err := checkPlaceholders(fmt.Sprintf("launch.args[%d]", i), a); err != nil {
			return nil, err
		}
	}
	for i, e := range l.Env {
		if e.Name == "" || strings.ContainsAny(e.Name, "=\x00") {
			return nil, errf(ErrInvalidArgument, "launch.env[%d].name %q: empty or contains '=' or NUL", i, e.Name)
		}
		if err := checkPlaceholders(fmt.Sprintf("launch.env[%d].value", i), e.Value); err != nil {
			return nil, err
		}
	}
	if g := l.GetStopGracePeriod(); g != nil && (g.CheckValid() != nil || g.AsDuration() < 0) {
		return nil, errf(ErrInvalidArgument, "launch.stop_grace_period %s: must be a duration >= 0", durText(g))
	}
	s.types[t.TypeId] = proto.Clone(t).(*pb.MemberType)
	return &Result{}, nil
}

func (s *State) unregisterType(id string) (*Result, error) {
	if _, ok := s.types[id]; !ok {
		return nil, errf(ErrTypeNotFound, "type %q", id)
	}
	var users []string
	for _, gid := range sortedKeys(s.groups) {
		if s.groups[gid].TypeId == id {
			users = append(users, gid)
		}
	}
	if len(users) > 0 {
		return nil, errf(ErrTypeInUse, "type %s: groups %s", id, strings.Join(users, ", "))
	}
	delete(s.types, id)
	return &Result{}, nil
}

func (s *State) registerLocation(r *pb.RegisterRequest, at time.Time) (*Result, error) {
	if err := names.Valid(r.GetLocation()); err != nil {
		return nil, errf(ErrInvalidArgument, "location %q: %v", r.GetLocation(), err)
	}
	l, ok := s.locations[r.Location]
	if !ok {
		l = &pb.Location{Name: r.Location}
	} else {
		l = proto.Clone(l).(*pb.Location)
	}
	l.AgentAddress = r.AgentAddress
	l.Labels = maps.Clone(r.Labels)
	l.Incarnation = r.Incarnation
	if !ok || l.State != pb.LocationState_LOCATION_STATE_UP {
		l.StateChangedAt = timestamppb.New(at)
	}
	l.State = pb.LocationState_LOCATION_STATE_UP
	l.RegisteredAt = timestamppb.New(at)
	s.locations[r.Location] = l
	return &Result{Locations: []string{r.Location}}, nil
}

func (s *State) setLocationState(c *pb.SetLocationStateCommand, at time.Time) (*Result, error) {
	l, ok := s.locations[c.GetLocation()]
	if !ok {
		return nil, errf(ErrLocationNotFound, "location %q", c.GetLocation())
	}
	if c.State != pb.LocationState_LOCATION_STATE_UP && c.State != pb.LocationState_LOCATION_STATE_DOWN {
		return nil, errf(ErrInvalidArgument, "state %v: must be UP or DOWN", c.State)
	}
	if c.Incarnation != 0 && c.Incarnation != l.Incarnation {
		return nil, errf(ErrStaleEpoch, "location %s: incarnation %d, not %d (the agent restarted)", l.Name, l.Incarnation, c.Incarnation)
	}
	if l.State != c.State {
		l = proto.Clone(l).(*pb.Location)
		l.State = c.State
		l.StateChangedAt = timestamppb.New(at)
		s.locations[l.Name] = l
	}
	return &Result{Locations: []string{l.Name}}, nil
}

func (s *State) forgetLocation(name string) (*Result, error) {
	l, ok := s.locations[name]
	if !ok {
		return nil, errf(ErrLocationNotFound, "location %q", name)
	}
	if l.State != pb.LocationState_LOCATION_STATE_DOWN {
		return nil, errf(ErrInvalidArgument, "location %s is %s: only a DOWN location can be forgotten", name, locState(l.State))
	}
	for _, gid := range sortedKeys(s.groups) {
		if slices.Contains(groupLocations(s.groups[gid]), name) {
			return nil, errf(ErrLocationBusy, "location %s: group %s has a member there", name, gid)
		}
	}
	delete(s.locations, name)
	return &Result{}, nil
}

func locState(st pb.LocationState) string { return enumText(st.String(), "LOCATION_STATE_") }

// ---------------------------------------------------------------------------------------------
// Groups and views.

func (s *State) createGroup(r *pb.CreateObjectRequest, at time.Time) (*Result, error) {
	if err := names.Valid(r.GetGroupId()); err != nil {
		return nil, errf(ErrInvalidArgument, "group_id %q: %v", r.GetGroupId(), err)
	}
	if _, ok := s.groups[r.GroupId]; ok {
		return nil, errf(ErrAlreadyExists, "group %s", r.GroupId)
	}
	if _, ok := s.types[r.TypeId]; !ok {
		return nil, errf(ErrTypeNotFound, "type %q", r.TypeId)
	}
	scope := "group " + r.GroupId
	if err := validateLevel(r.Criteria, scope); err != nil {
		return nil, err
	}
	g := &pb.ObjectGroup{
		GroupId:    r.GroupId,
		TypeId:     r.TypeId,
		Properties: mergeProperties(nil, r.Criteria),
		View:       &pb.View{GroupId: r.GroupId, TypeId: r.TypeId},
		CreatedAt:  timestamppb.New(at),
	}
	res := s.resolveGroup(g)
	if err := validateResolved(&res, scope); err != nil {
		return nil, err
	}
	s.groups[g.GroupId] = g
	s.newView(g, false, at, "created", func(v *pb.View) { v.ReplicationStyle = res.ReplicationStyle })
	return &Result{View: proto.Clone(g.View).(*pb.View), Changed: []string{g.GroupId}}, nil
}

func (s *State) deleteGroup(id string) (*Result, error) {
	g, ok := s.groups[id]
	if !ok {
		return nil, errf(ErrGroupNotFound, "group %q", id)
	}
	delete(s.groups, id)
	return &Result{Changed: []string{id}, Locations: groupLocations(g)}, nil
}

func (s *State) group(id string) (*pb.ObjectGroup, error) {
	g, ok := s.groups[id]
	if !ok {
		return nil, errf(ErrGroupNotFound, "group %q", id)
	}
	return g, nil
}

// slotTaken reports what of group g occupies location l: a member id or "".
func slotTaken(g *pb.ObjectGroup, l string) string {
	for _, m := range g.View.Members {
		if m.Location == l {
			return m.MemberId
		}
	}
	for _, p := range g.Pending {
		if p.Location == l {
			return p.MemberId + " (being created)"
		}
	}
	return ""
}

func (s *State) createMember(r *pb.CreateMemberRequest, at time.Time) (*Result, error) {
	g, err := s.group(r.GetGroupId())
	if err != nil {
		return nil, err
	}
	if r.TypeId != "" && r.TypeId != g.TypeId {
		return nil, errf(ErrInvalidArgument, "type_id %s: group %s is of type %s", r.TypeId, g.GroupId, g.TypeId)
	}
	if err := s.placeable(r.Location); err != nil {
		return nil, err
	}
	if m := slotTaken(g, r.Location); m != "" {
		return nil, errf(ErrMemberAlreadyPresent, "group %s has %s at %s", g.GroupId, m, r.Location)
	}
	by := r.RequestedBy
	if by == "" {
		by = "operator"
	}
	ng := proto.Clone(g).(*pb.ObjectGroup)
	ng.LastCreationId++
	p := &pb.PendingMember{
		MemberId:    "m" + strconv.FormatUint(ng.LastCreationId, 10),
		Location:    r.Location,
		CreationId:  ng.LastCreationId,
		RequestedAt: timestamppb.New(at),
		RequestedBy: by,
	}
	ng.Pending = append(ng.Pending, p)
	s.groups[g.GroupId] = ng
	return &Result{View: proto.Clone(ng.View).(*pb.View), Pending: proto.Clone(p).(*pb.PendingMember), Locations: []string{r.Location}}, nil
}

func (s *State) placeable(loc string) error {
	l, ok := s.locations[loc]
	if !ok {
		return errf(ErrLocationNotFound, "location %q", loc)
	}
	if l.State != pb.LocationState_LOCATION_STATE_UP {
		return errf(ErrInvalidArgument, "location %s is %s", loc, locState(l.State))
	}
	return nil
}

func (s *State) cancelCreation(c *pb.CancelCreationCommand) (*Result, error) {
	g, err := s.group(c.GetGroupId())
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(g.Pending, func(p *pb.PendingMember) bool { return p.MemberId == c.MemberId })
	if i < 0 {
		return nil, errf(ErrMemberNotFound, "group %s: no member %q being created", g.GroupId, c.MemberId)
	}
	ng := proto.Clone(g).(*pb.ObjectGroup)
	loc := ng.Pending[i].Location
	ng.Pending = slices.Delete(ng.Pending, i, i+1)
	s.groups[g.GroupId] = ng
	return &Result{View: proto.Clone(ng.View).(*pb.View), Locations: []string{loc}}, nil
}

func checkEpoch(g *pb.ObjectGroup, want uint64) error {
	if want != 0 && want != g.View.Epoch {
		return errf(ErrStaleEpoch, "group %s: view epoch is %d, not %d", g.GroupId, g.View.Epoch, want)
	}
	return nil
}

func (s *State) addMember(r *pb.AddMemberRequest, at time.Time) (*Result, error) {
	g, err := s.group(r.GetGroupId())
	if err != nil {
		return nil, err
	}
	if err := checkEpoch(g, r.ExpectedEpoch); err != nil {
		return nil, err
	}
	ng := proto.Clone(g).(*pb.ObjectGroup)
	props := s.resolveGroup(ng)
	var m *pb.Member
	switch w := r.Member.(type) {
	case *pb.AddMemberRequest_PendingMemberId:
		i := slices.IndexFunc(ng.Pending, func(p *pb.PendingMember) bool { return p.MemberId == w.PendingMemberId })
		if i < 0 {
			return nil, errf(ErrMemberNotFound, "group %s: no member %q being created", g.GroupId, w.PendingMemberId)
		}
		p := ng.Pending[i]
		ng.Pending = slices.Delete(ng.Pending, i, i+1)
		m = &pb.Member{MemberId: p.MemberId, Location: p.Location, CreationId: p.CreationId, Address: r.Address}
	case *pb.AddMemberRequest_External:
		loc := w.External.GetLocation()
		if err := s.placeable(loc); err != nil {
			return nil, err
		}
		if t := slotTaken(ng, loc); t != "" {
			return nil, errf(ErrMemberAlreadyPresent, "group %s has %s at %s", g.GroupId, t, loc)
		}
		ng.LastCreationId++
		m = &pb.Member{MemberId: "m" + strconv.FormatUint(ng.LastCreationId, 10), Location: loc, CreationId: ng.LastCreationId, Address: w.External.GetAddress(), External: true}
	default:
		return nil, errf(ErrInvalidArgument, "add_member: neither pending_member_id nor external")
	}
	if m.Address != "" {
		// The address is checked loosely: host:port with a non-empty port.
		if i := strings.LastIndexByte(m.Address, ':'); i <= 0 || i == len(m.Address)-1 {
			return nil, errf(ErrInvalidArgument, "address %q: not host:port", m.Address)
		}
	}
	cold := props.ReplicationStyle == pb.ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE && ng.View.Primary != ""
	if cold {
		m.State = pb.MemberState_MEMBER_STATE_COLD
		// Nothing of it runs: the primary ships its entries to the log holder that the agent
		// at its location serves at the agent's address.
		m.Address = ""
		if l, ok := s.locations[m.Location]; ok {
			m.Address = l.AgentAddress
		}
	} else {
		if m.Address == "" {
			return nil, errf(ErrInvalidArgument, "group %s member %s: address required for a running member", g.GroupId, m.MemberId)
		}
		m.State = pb.MemberState_MEMBER_STATE_READY
	}
	reason := r.Reason
	if reason == "" {
		reason = "operator"
	}
	s.groups[g.GroupId] = ng
	s.newView(ng, true, at, fmt.Sprintf("%s added at %s: %s", m.MemberId, m.Location, reason), func(v *pb.View) {
		v.Members = append(v.Members, m)
		if props.Passive() && v.Primary == "" && len(v.Members) == 1 && !ng.HadPrimary {
			// The first member of a new group holds the whole (empty) history. Not so once
			// the group had a primary: its state went with its last members.
			v.Primary = m.MemberId
			m.CaughtUp = true
		}
	})
	if len(ng.View.Members) >= props.InitialNumberMembers {
		ng.Initialised = true
	}
	return &Result{View: proto.Clone(ng.View).(*pb.View), Changed: []string{g.GroupId}, Locations: groupLocations(ng)}, nil
}

// findMember finds a view member by id or location (at least one given; both must agree).
func findMember(g *pb.ObjectGroup, id, loc string) (int, error) {
	if id == "" && loc == "" {
		return -1, errf(ErrInvalidArgument, "group %s: neither member_id nor location given", g.GroupId)
	}
	i := slices.IndexFunc(g.View.Members, func(m *pb.Member) bool {
		return (id == "" || m.MemberId == id) && (loc == "" || m.Location == loc)
	})
	if i < 0 {
		what := strings.TrimSpace(fmt.Sprintf("%s %s", id, loc))
		return -1, errf(ErrMemberNotFound, "group %s: no member %s in view epoch %d", g.GroupId, what, g.View.Epoch)
	}
	return i, nil
}

func (s *State) removeMember(r *pb.RemoveMemberRequest, at time.Time) (*Result, error) {
	g, err := s.group(r.GetGroupId())
	if err != nil {
		return nil, err
	}
	if err := checkEpoch(g, r.ExpectedEpoch); err != nil {
		return nil, err
	}
	i, err := findMember(g, r.MemberId, r.Location)
	if err != nil {
		// FT-CORBA's remove_member(group, location) also withdraws a member being created.
		if j := slices.IndexFunc(g.Pending, func(p *pb.PendingMember) bool {
			return (r.MemberId == "" || p.MemberId == r.MemberId) && (r.Location == "" || p.Location == r.Location)
		}); j >= 0 && (r.MemberId != "" || r.Location != "") {
			return s.cancelCreation(&pb.CancelCreationCommand{GroupId: g.GroupId, MemberId: g.Pending[j].MemberId, Reason: r.Reason})
		}
		return nil, err
	}
	ng := proto.Clone(g).(*pb.ObjectGroup)
	gone := ng.View.Members[i]
	rest := slices.Delete(slices.Clone(ng.View.Members), i, i+1)
	primary := ng.View.Primary
	if primary == gone.MemberId {
		primary = ""
		if r.NewPrimary != "" {
			if !slices.ContainsFunc(rest, func(m *pb.Member) bool { return m.MemberId == r.NewPrimary }) {
				return nil, errf(ErrMemberNotFound, "group %s: new_primary %s is not a remaining member", g.GroupId, r.NewPrimary)
			}
			primary = r.NewPrimary
		} else if i := slices.IndexFunc(rest, func(m *pb.Member) bool { return m.CaughtUp }); i >= 0 {
			// Only a caught-up backup holds every committed update; with none the group
			// has no primary until an operator names one.
			primary = rest[i].MemberId
		}
	} else if r.NewPrimary != "" {
		return nil, errf(ErrInvalidArgument, "group %s: new_primary given but %s is not the primary", g.GroupId, gone.MemberId)
	}
	reason := r.Reason
	if reason == "" {
		reason = "operator"
	}
	why := fmt.Sprintf("%s removed from %s: %s", gone.MemberId, gone.Location, reason)
	if primary != ng.View.Primary && primary != "" {
		why += "; " + primary + " promoted"
	}
	s.groups[g.GroupId] = ng
	if primary == "" && ng.View.Primary == gone.MemberId && len(rest) > 0 {
		why += "; no caught-up backup to promote"
	}
	s.newView(ng, true, at, why, func(v *pb.View) {
		v.Members = rest
		v.Primary = primary
		promote(v)
	})
	return &Result{View: proto.Clone(ng.View).(*pb.View), Changed: []string{g.GroupId}, Locations: dedupSorted(append(groupLocations(ng), gone.Location))}, nil
}

// promote starts a COLD primary: it must now run.
// markCaughtUp records backups the primary reported caught up, in the view of that epoch.
func (s *State) markCaughtUp(c *pb.MarkCaughtUpCommand, at time.Time) (*Result, error) {
	g, err := s.group(c.GetGroupId())
	if err != nil {
		return nil, err
	}
	if c.GetEpoch() != g.View.Epoch {
		return nil, errf(ErrStaleEpoch, "group %s is at epoch %d, not %d", g.GroupId, g.View.Epoch, c.GetEpoch())
	}
	var marked []string
	for _, id := range c.GetMemberIds() {
		i := slices.IndexFunc(g.View.Members, func(m *pb.Member) bool { return m.MemberId == id })
		if i < 0 {
			return nil, errf(ErrMemberNotFound, "group %s: no member %q", g.GroupId, id)
		}
		if !g.View.Members[i].CaughtUp && !slices.Contains(marked, id) {
			marked = append(marked, id)
		}
	}
	if len(marked) == 0 {
		return &Result{View: proto.Clone(g.View).(*pb.View)}, nil
	}
	ng := proto.Clone(g).(*pb.ObjectGroup)
	s.groups[g.GroupId] = ng
	s.newView(ng, false, at, strings.Join(marked, ", ")+" caught up", func(v *pb.View) {
		for _, m := range v.Members {
			if slices.Contains(marked, m.MemberId) {
				m.CaughtUp = true
			}
		}
	})
	return &Result{View: proto.Clone(ng.View).(*pb.View), Changed: []string{g.GroupId}, Locations: groupLocations(ng)}, nil
}

func promote(v *pb.View) {
	for _, m := range v.Members {
		if m.MemberId == v.Primary && m.State == pb.MemberState_MEMBER_STATE_COLD {
			// Its address was its log holder's (the agent's); the process's is known once
			// the agent reports it READY (Observations.Started, UpdateMember).
			m.State, m.Address = pb.MemberState_MEMBER_STATE_STARTING, ""
		}
	}
}

func (s *State) setPrimary(r *pb.SetPrimaryMemberRequest, at time.Time) (*Result, error) {
	g, err := s.group(r.GetGroupId())
	if err != nil {
		return nil, err
	}
	if props := s.resolveGroup(g); !props.Passive() {
		return nil, errf(ErrBadReplicationStyle, "group %s is %s: only passive groups have a primary", g.GroupId, StyleString(props.ReplicationStyle))
	}
	if err := checkEpoch(g, r.ExpectedEpoch); err != nil {
		return nil, err
	}
	i, err := findMember(g, r.MemberId, r.Location)
	if err != nil {
		return nil, err
	}
	id := g.View.Members[i].MemberId
	if g.View.Primary == id {
		return &Result{View: proto.Clone(g.View).(*pb.View)}, nil
	}
	reason := r.Reason
	if reason == "" {
		reason = "operator"
	}
	ng := proto.Clone(g).(*pb.ObjectGroup)
	s.groups[g.GroupId] = ng
	s.newView(ng, true, at, fmt.Sprintf("%s made primary: %s", id, reason), func(v *pb.View) {
		v.Primary = id
		promote(v)
	})
	return &Result{View: proto.Clone(ng.View).(*pb.View), Changed: []string{g.GroupId}, Locations: groupLocations(ng)}, nil
}

func (s *State) updateMember(c *pb.UpdateMemberCommand, at time.Time) (*Result, error) {
	g, err := s.group(c.GetGroupId())
	if err != nil {
		return nil, err
	}
	i, err := findMember(g, c.MemberId, "")
	if err != nil {
		return nil, err
	}
	if _, ok := pb.MemberState_name[int32(c.State)]; !ok {
		return nil, errf(ErrInvalidArgument, "state %d: not a member state", c.State)
	}
	m := g.View.Members[i]
	if (c.Address == "" || c.Address == m.Address) && (c.State == 0 || c.State == m.State) {
		return &Result{View: proto.Clone(g.View).(*pb.View)}, nil
	}
	ng := proto.Clone(g).(*pb.ObjectGroup)
	s.groups[g.GroupId] = ng
	s.newView(ng, false, at, fmt.Sprintf("%s updated", m.MemberId), func(v *pb.View) {
		if c.Address != "" {
			v.Members[i].Address = c.Address
		}
		if c.State != 0 {
			v.Members[i].State = c.State
		}
	})
	return &Result{View: proto.Clone(ng.View).(*pb.View), Changed: []string{g.GroupId}, Locations: groupLocations(ng)}, nil
}

// newView changes g's view in place with change, raising the version, and the epoch when
// membership or primary changed (epoch true).
func (s *State) newView(g *pb.ObjectGroup, epoch bool, at time.Time, reason string, change func(*pb.View)) {
	v := g.View
	change(v)
	if v.Primary != "" {
		g.HadPrimary = true
	}
	if epoch {
		v.Epoch++
	}
	s.lastVersion++
	v.Version = s.lastVersion
	v.Reason = reason
	v.ChangedAt = timestamppb.New(at)
}

// groupLocations lists the locations of g's members and pending creations, sorted.
func groupLocations(g *pb.ObjectGroup) []string {
	var ls []string
	for _, m := range g.View.Members {
		ls = append(ls, m.Location)
	}
	for _, p := range g.Pending {
		ls = append(ls, p.Location)
	}
	return dedupSorted(ls)
}

func dedupSorted(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// ---------------------------------------------------------------------------------------------
// Reads. Every value returned is a copy.

// DefaultProperties returns the default level merged over the built-in defaults.
func (s *State) DefaultProperties() *pb.Properties { return mergeProperties(builtin, s.defaults) }

// TypeProperties returns the type's own level (empty when none is set).
func (s *State) TypeProperties(typeID string) *pb.Properties {
	return mergeProperties(nil, s.typeProps[typeID])
}

// GroupProperties returns the group's resolved properties, with their origins.
func (s *State) GroupProperties(groupID string) (Resolved, error) {
	g, err := s.group(groupID)
	if err != nil {
		return Resolved{}, err
	}
	return s.resolveGroup(g), nil
}

// Type returns a registered type.
func (s *State) Type(id string) (*pb.MemberType, error) {
	t, ok := s.types[id]
	if !ok {
		return nil, errf(ErrTypeNotFound, "type %q", id)
	}
	return proto.Clone(t).(*pb.MemberType), nil
}

// Types returns every registered type, sorted by id.
func (s *State) Types() []*pb.MemberType {
	var ts []*pb.MemberType
	for _, id := range sortedKeys(s.types) {
		ts = append(ts, proto.Clone(s.types[id]).(*pb.MemberType))
	}
	return ts
}

// Locations returns every registered location, sorted by name.
func (s *State) Locations() []*pb.Location {
	var ls []*pb.Location
	for _, n := range sortedKeys(s.locations) {
		ls = append(ls, proto.Clone(s.locations[n]).(*pb.Location))
	}
	return ls
}

// Location returns one location.
func (s *State) Location(name string) (*pb.Location, error) {
	l, ok := s.locations[name]
	if !ok {
		return nil, errf(ErrLocationNotFound, "location %q", name)
	}
	return proto.Clone(l).(*pb.Location), nil
}

// Group returns one group (properties, view, pending creations).
func (s *State) Group(id string) (*pb.ObjectGroup, error) {
	g, err := s.group(id)
	if err != nil {
		return nil, err
	}
	return proto.Clone(g).(*pb.ObjectGroup), nil
}

// GroupIDs returns the ids of every group, sorted.
func (s *State) GroupIDs() []string { return sortedKeys(s.groups) }

// Groups returns every group, sorted by id.
func (s *State) Groups() []*pb.ObjectGroup {
	var gs []*pb.ObjectGroup
	for _, id := range sortedKeys(s.groups) {
		gs = append(gs, proto.Clone(s.groups[id]).(*pb.ObjectGroup))
	}
	return gs
}

// View returns a group's current view (get_object_group_ref).
func (s *State) View(groupID string) (*pb.View, error) {
	g, err := s.group(groupID)
	if err != nil {
		return nil, err
	}
	return proto.Clone(g.View).(*pb.View), nil
}

// LocationsOfMembers returns the locations of the view's members, in view order.
func (s *State) LocationsOfMembers(groupID string) ([]string, error) {
	g, err := s.group(groupID)
	if err != nil {
		return nil, err
	}
	var ls []string
	for _, m := range g.View.Members {
		ls = append(ls, m.Location)
	}
	return ls, nil
}

// Desired returns what the agent at loc should run or hold, sorted by (group, creation id):
// the members of views at loc (RUN, or HOLD for a COLD member; not external members, which
// no agent runs) and the members being
// created there (RUN; HOLD for a COLD_PASSIVE backup, one created while the group has a
// primary).
func (s *State) Desired(loc string) []*pb.DesiredMember {
	var out []*pb.DesiredMember
	for _, id := range s.groupsAt(loc) {
		g := s.groups[id]
		props := s.resolveGroup(g)
		var launch *pb.LaunchSpec
		if t, ok := s.types[g.TypeId]; ok {
			launch = t.Launch
		}
		add := func(memberID string, creation uint64, role pb.DesiredRole) {
			out = append(out, &pb.DesiredMember{
				GroupId: id, MemberId: memberID, CreationId: creation, TypeId: g.TypeId, Role: role,
				Launch: proto.Clone(launch).(*pb.LaunchSpec), Properties: props.Proto(), View: proto.Clone(g.View).(*pb.View),
			})
		}
		for _, m := range g.View.Members {
			if m.Location != loc || m.External {
				continue
			}
			role := pb.DesiredRole_DESIRED_ROLE_RUN
			if m.State == pb.MemberState_MEMBER_STATE_COLD {
				role = pb.DesiredRole_DESIRED_ROLE_HOLD
			}
			add(m.MemberId, m.CreationId, role)
		}
		for _, p := range g.Pending {
			if p.Location != loc {
				continue
			}
			role := pb.DesiredRole_DESIRED_ROLE_RUN
			if props.ReplicationStyle == pb.ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE && g.View.Primary != "" {
				role = pb.DesiredRole_DESIRED_ROLE_HOLD
			}
			add(p.MemberId, p.CreationId, role)
		}
	}
	slices.SortStableFunc(out, func(a, b *pb.DesiredMember) int {
		if c := strings.Compare(a.GroupId, b.GroupId); c != 0 {
			return c
		}
		return cmp.Compare(a.CreationId, b.CreationId)
	})
	return out
}

// DesiredVersion is a digest of Desired(loc): it changes when what the agent at loc should
// run changes (also the views it is given), so heartbeat acknowledgements carry it and the
// agent calls Reconcile when it differs from the one it last reconciled with. Never 0.
func (s *State) DesiredVersion(loc string) uint64 {
	if v, ok := s.desired[loc]; ok {
		return v
	}
	v := s.desiredVersion(loc)
	s.desired[loc] = v
	return v
}

func (s *State) desiredVersion(loc string) uint64 {
	h := fnv.New64a()
	for _, d := range s.Desired(loc) {
		b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(d)
		fmt.Fprintf(h, "%d:", len(b))
		h.Write(b)
	}
	if v := h.Sum64(); v != 0 {
		return v
	}
	return 1
}

// ---------------------------------------------------------------------------------------------
// Snapshots.

// Snapshot returns the whole state as deterministic bytes: equal states give equal bytes.
func (s *State) Snapshot() ([]byte, error) {
	snap := &pb.StateSnapshot{Format: SnapshotFormat, Defaults: s.defaults, LastVersion: s.lastVersion}
	for _, id := range sortedKeys(s.types) {
		snap.Types = append(snap.Types, s.types[id])
	}
	for _, id := range sortedKeys(s.typeProps) {
		snap.TypeProperties = append(snap.TypeProperties, &pb.TypeProperties{TypeId: id, Properties: s.typeProps[id]})
	}
	for _, n := range sortedKeys(s.locations) {
		snap.Locations = append(snap.Locations, s.locations[n])
	}
	for _, id := range sortedKeys(s.groups) {
		snap.Groups = append(snap.Groups, s.groups[id])
	}
	snap.Faults, snap.LastFaultSeq = s.faults.snapshot()
	for _, id := range sortedKeys(s.filters) {
		snap.Filters = append(snap.Filters, &pb.SubscriptionFilter{FilterId: id, Expression: s.filters[id]})
	}
	snap.LastFilter = s.lastFilter
	return proto.MarshalOptions{Deterministic: true}.Marshal(snap)
}

// Restore replaces the state with a snapshot's. On error the state is unchanged.
func (s *State) Restore(b []byte) error {
	snap := &pb.StateSnapshot{}
	if err := proto.Unmarshal(b, snap); err != nil {
		return errf(ErrInvalidArgument, "snapshot: %v", err)
	}
	if snap.Format != SnapshotFormat {
		return errf(ErrInvalidArgument, "snapshot format %d: want %d", snap.Format, SnapshotFormat)
	}
	n := New()
	n.lastVersion = snap.LastVersion
	if snap.Defaults != nil {
		n.defaults = snap.Defaults
	}
	for _, t := range snap.Types {
		n.types[t.TypeId] = t
	}
	for _, tp := range snap.TypeProperties {
		n.typeProps[tp.TypeId] = tp.Properties
	}
	for _, l := range snap.Locations {
		n.locations[l.Name] = l
	}
	for _, g := range snap.Groups {
		if g.View == nil {
			return errf(ErrInvalidArgument, "snapshot: group %s has no view", g.GroupId)
		}
		n.groups[g.GroupId] = g
	}
	var err error
	if n.faults, err = restoreFaults(snap.Faults, snap.LastFaultSeq); err != nil {
		return err
	}
	for _, f := range snap.Filters {
		n.filters[f.FilterId] = f.Expression
	}
	n.lastFilter = snap.LastFilter
	for id := range n.groups {
		n.reindex(id)
	}
	*s = *n
	return nil
}
