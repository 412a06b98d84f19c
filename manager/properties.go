package manager

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	pb "github.com/wardenft/warden/api/warden/manager/v1"
	"github.com/wardenft/warden/internal/names"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
)

// MaxMembers is the largest InitialNumberMembers a group may have.
const MaxMembers = 64

// The property names, FT-CORBA's, in PropertyName order.
var propertyNames = [...]string{
	pb.PropertyName_PROPERTY_NAME_REPLICATION_STYLE:            "ReplicationStyle",
	pb.PropertyName_PROPERTY_NAME_MEMBERSHIP_STYLE:             "MembershipStyle",
	pb.PropertyName_PROPERTY_NAME_CONSISTENCY_STYLE:            "ConsistencyStyle",
	pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_STYLE:       "FaultMonitoringStyle",
	pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_GRANULARITY: "FaultMonitoringGranularity",
	pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS:       "InitialNumberMembers",
	pb.PropertyName_PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS:       "MinimumNumberMembers",
	pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_INTERVAL:    "FaultMonitoringInterval",
	pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_TIMEOUT:     "FaultMonitoringTimeout",
	pb.PropertyName_PROPERTY_NAME_CHECKPOINT_INTERVAL:          "CheckpointInterval",
	pb.PropertyName_PROPERTY_NAME_FACTORIES:                    "Factories",
}

// allPropertyNames lists every PropertyName, in order.
var allPropertyNames = func() []pb.PropertyName {
	var ns []pb.PropertyName
	for n := range propertyNames {
		if n != 0 {
			ns = append(ns, pb.PropertyName(n))
		}
	}
	return ns
}()

// PropertyNameString returns the FT-CORBA name of n ("MinimumNumberMembers"), or the enum's
// number for an unknown one.
func PropertyNameString(n pb.PropertyName) string {
	if n > 0 && int(n) < len(propertyNames) {
		return propertyNames[n]
	}
	return fmt.Sprintf("PropertyName(%d)", int32(n))
}

// ParsePropertyName accepts the FT-CORBA name in any case ("MinimumNumberMembers",
// "minimumnumbermembers") and the enum name ("PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS").
func ParsePropertyName(s string) (pb.PropertyName, error) {
	for _, n := range allPropertyNames {
		if strings.EqualFold(s, propertyNames[n]) || s == n.String() {
			return n, nil
		}
	}
	return 0, errf(ErrInvalidArgument, "unknown property %q (known: %s)", s, strings.Join(propertyNames[1:], ", "))
}

// BuiltinProperties returns the built-in defaults, the lowest level of resolution: every
// field set except Factories (absent: any registered location).
func BuiltinProperties() *pb.Properties {
	return &pb.Properties{
		ReplicationStyle:           pb.ReplicationStyle_REPLICATION_STYLE_STATELESS,
		MembershipStyle:            pb.MembershipStyle_MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED,
		ConsistencyStyle:           pb.ConsistencyStyle_CONSISTENCY_STYLE_INFRASTRUCTURE_CONTROLLED,
		FaultMonitoringStyle:       pb.FaultMonitoringStyle_FAULT_MONITORING_STYLE_PULL,
		FaultMonitoringGranularity: pb.FaultMonitoringGranularity_FAULT_MONITORING_GRANULARITY_MEMBER,
		InitialNumberMembers:       proto.Uint32(3),
		MinimumNumberMembers:       proto.Uint32(2),
		FaultMonitoringInterval:    durationpb.New(time.Second),
		FaultMonitoringTimeout:     durationpb.New(500 * time.Millisecond),
		CheckpointInterval:         durationpb.New(10 * time.Second),
	}
}

// Resolved are a group's effective properties, every level merged, in Go types.
type Resolved struct {
	ReplicationStyle           pb.ReplicationStyle
	MembershipStyle            pb.MembershipStyle
	ConsistencyStyle           pb.ConsistencyStyle
	FaultMonitoringStyle       pb.FaultMonitoringStyle
	FaultMonitoringGranularity pb.FaultMonitoringGranularity
	InitialNumberMembers       int
	MinimumNumberMembers       int
	FaultMonitoringInterval    time.Duration
	FaultMonitoringTimeout     time.Duration
	CheckpointInterval         time.Duration
	// Factories are the allowed locations; nil means any registered location.
	Factories []string
	// Origins says which level each property came from, indexed by PropertyName.
	Origins [len(propertyNames)]pb.PropertySource
}

// Passive reports whether the style has a primary (COLD_PASSIVE, WARM_PASSIVE).
func (r *Resolved) Passive() bool { return passive(r.ReplicationStyle) }

func passive(s pb.ReplicationStyle) bool {
	return s == pb.ReplicationStyle_REPLICATION_STYLE_COLD_PASSIVE || s == pb.ReplicationStyle_REPLICATION_STYLE_WARM_PASSIVE
}

// InfrastructureControlled reports whether the manager repairs the group's membership.
func (r *Resolved) InfrastructureControlled() bool {
	return r.MembershipStyle == pb.MembershipStyle_MEMBERSHIP_STYLE_INFRASTRUCTURE_CONTROLLED
}

// Proto returns the resolved properties as a message with every field set (Factories only
// when restricted).
func (r *Resolved) Proto() *pb.Properties {
	p := &pb.Properties{
		ReplicationStyle:           r.ReplicationStyle,
		MembershipStyle:            r.MembershipStyle,
		ConsistencyStyle:           r.ConsistencyStyle,
		FaultMonitoringStyle:       r.FaultMonitoringStyle,
		FaultMonitoringGranularity: r.FaultMonitoringGranularity,
		InitialNumberMembers:       proto.Uint32(uint32(r.InitialNumberMembers)),
		MinimumNumberMembers:       proto.Uint32(uint32(r.MinimumNumberMembers)),
		FaultMonitoringInterval:    durationpb.New(r.FaultMonitoringInterval),
		FaultMonitoringTimeout:     durationpb.New(r.FaultMonitoringTimeout),
		CheckpointInterval:         durationpb.New(r.CheckpointInterval),
	}
	if r.Factories != nil {
		p.Factories = &pb.Factories{Locations: slices.Clone(r.Factories)}
	}
	return p
}

// OriginsProto lists where each property came from, in PropertyName order.
func (r *Resolved) OriginsProto() []*pb.PropertyOrigin {
	var os []*pb.PropertyOrigin
	for _, n := range allPropertyNames {
		os = append(os, &pb.PropertyOrigin{Name: n, Source: r.Origins[n]})
	}
	return os
}

// resolve merges the levels, lowest first; nil levels are skipped. levels[i] has source
// sources[i].
func resolve(levels []*pb.Properties, sources []pb.PropertySource) Resolved {
	var r Resolved
	for i, p := range levels {
		if p == nil {
			continue
		}
		src := sources[i]
		set := func(n pb.PropertyName) { r.Origins[n] = src }
		if p.ReplicationStyle != 0 {
			r.ReplicationStyle = p.ReplicationStyle
			set(pb.PropertyName_PROPERTY_NAME_REPLICATION_STYLE)
		}
		if p.MembershipStyle != 0 {
			r.MembershipStyle = p.MembershipStyle
			set(pb.PropertyName_PROPERTY_NAME_MEMBERSHIP_STYLE)
		}
		if p.ConsistencyStyle != 0 {
			r.ConsistencyStyle = p.ConsistencyStyle
			set(pb.PropertyName_PROPERTY_NAME_CONSISTENCY_STYLE)
		}
		if p.FaultMonitoringStyle != 0 {
			r.FaultMonitoringStyle = p.FaultMonitoringStyle
			set(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_STYLE)
		}
		if p.FaultMonitoringGranularity != 0 {
			r.FaultMonitoringGranularity = p.FaultMonitoringGranularity
			set(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_GRANULARITY)
		}
		if p.InitialNumberMembers != nil {
			r.InitialNumberMembers = int(p.GetInitialNumberMembers())
			set(pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS)
		}
		if p.MinimumNumberMembers != nil {
			r.MinimumNumberMembers = int(p.GetMinimumNumberMembers())
			set(pb.PropertyName_PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS)
		}
		if p.FaultMonitoringInterval != nil {
			r.FaultMonitoringInterval = p.FaultMonitoringInterval.AsDuration()
			set(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_INTERVAL)
		}
		if p.FaultMonitoringTimeout != nil {
			r.FaultMonitoringTimeout = p.FaultMonitoringTimeout.AsDuration()
			set(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_TIMEOUT)
		}
		if p.CheckpointInterval != nil {
			r.CheckpointInterval = p.CheckpointInterval.AsDuration()
			set(pb.PropertyName_PROPERTY_NAME_CHECKPOINT_INTERVAL)
		}
		if p.Factories != nil {
			r.Factories = slices.Clone(p.Factories.Locations)
			if r.Factories == nil {
				r.Factories = []string{}
			}
			set(pb.PropertyName_PROPERTY_NAME_FACTORIES)
		}
	}
	return r
}

// mergeProperties returns a copy of base with the fields set in over set.
func mergeProperties(base, over *pb.Properties) *pb.Properties {
	out := &pb.Properties{}
	if base != nil {
		out = proto.Clone(base).(*pb.Properties)
	}
	if over == nil {
		return out
	}
	o := proto.Clone(over).(*pb.Properties)
	if o.ReplicationStyle != 0 {
		out.ReplicationStyle = o.ReplicationStyle
	}
	if o.MembershipStyle != 0 {
		out.MembershipStyle = o.MembershipStyle
	}
	if o.ConsistencyStyle != 0 {
		out.ConsistencyStyle = o.ConsistencyStyle
	}
	if o.FaultMonitoringStyle != 0 {
		out.FaultMonitoringStyle = o.FaultMonitoringStyle
	}
	if o.FaultMonitoringGranularity != 0 {
		out.FaultMonitoringGranularity = o.FaultMonitoringGranularity
	}
	if o.InitialNumberMembers != nil {
		out.InitialNumberMembers = o.InitialNumberMembers
	}
	if o.MinimumNumberMembers != nil {
		out.MinimumNumberMembers = o.MinimumNumberMembers
	}
	if o.FaultMonitoringInterval != nil {
		out.FaultMonitoringInterval = o.FaultMonitoringInterval
	}
	if o.FaultMonitoringTimeout != nil {
		out.FaultMonitoringTimeout = o.FaultMonitoringTimeout
	}
	if o.CheckpointInterval != nil {
		out.CheckpointInterval = o.CheckpointInterval
	}
	if o.Factories != nil {
		out.Factories = o.Factories
	}
	return out
}

// removeProperties returns a copy of p without the named properties.
func removeProperties(p *pb.Properties, names []pb.PropertyName) (*pb.Properties, error) {
	out := &pb.Properties{}
	if p != nil {
		out = proto.Clone(p).(*pb.Properties)
	}
	for _, n := range names {
		switch n {
		case pb.PropertyName_PROPERTY_NAME_REPLICATION_STYLE:
			out.ReplicationStyle = 0
		case pb.PropertyName_PROPERTY_NAME_MEMBERSHIP_STYLE:
			out.MembershipStyle = 0
		case pb.PropertyName_PROPERTY_NAME_CONSISTENCY_STYLE:
			out.ConsistencyStyle = 0
		case pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_STYLE:
			out.FaultMonitoringStyle = 0
		case pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_GRANULARITY:
			out.FaultMonitoringGranularity = 0
		case pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS:
			out.InitialNumberMembers = nil
		case pb.PropertyName_PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS:
			out.MinimumNumberMembers = nil
		case pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_INTERVAL:
			out.FaultMonitoringInterval = nil
		case pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_TIMEOUT:
			out.FaultMonitoringTimeout = nil
		case pb.PropertyName_PROPERTY_NAME_CHECKPOINT_INTERVAL:
			out.CheckpointInterval = nil
		case pb.PropertyName_PROPERTY_NAME_FACTORIES:
			out.Factories = nil
		default:
			return nil, &PropertyError{Name: PropertyNameString(n), Value: "", Reason: "no such property"}
		}
	}
	return out, nil
}

func enumText(name string, prefix string) string { return strings.TrimPrefix(name, prefix) }

func durText(d *durationpb.Duration) string {
	if err := d.CheckValid(); err != nil {
		return fmt.Sprintf("%ds%dns", d.GetSeconds(), d.GetNanos())
	}
	return d.AsDuration().String()
}

// validateLevel checks every field set in p on its own (not against other fields).
func validateLevel(p *pb.Properties, scope string) error {
	if p == nil {
		return nil
	}
	bad := func(n pb.PropertyName, v, why string) error {
		return &PropertyError{Name: PropertyNameString(n), Value: v, Scope: scope, Reason: why}
	}
	if _, ok := pb.ReplicationStyle_name[int32(p.ReplicationStyle)]; !ok {
		return bad(pb.PropertyName_PROPERTY_NAME_REPLICATION_STYLE, strconv.Itoa(int(p.ReplicationStyle)), "not a replication style")
	}
	if _, ok := pb.MembershipStyle_name[int32(p.MembershipStyle)]; !ok {
		return bad(pb.PropertyName_PROPERTY_NAME_MEMBERSHIP_STYLE, strconv.Itoa(int(p.MembershipStyle)), "not a membership style")
	}
	if _, ok := pb.ConsistencyStyle_name[int32(p.ConsistencyStyle)]; !ok {
		return bad(pb.PropertyName_PROPERTY_NAME_CONSISTENCY_STYLE, strconv.Itoa(int(p.ConsistencyStyle)), "not a consistency style")
	}
	if _, ok := pb.FaultMonitoringStyle_name[int32(p.FaultMonitoringStyle)]; !ok {
		return bad(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_STYLE, strconv.Itoa(int(p.FaultMonitoringStyle)), "not a fault monitoring style")
	}
	if _, ok := pb.FaultMonitoringGranularity_name[int32(p.FaultMonitoringGranularity)]; !ok {
		return bad(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_GRANULARITY, strconv.Itoa(int(p.FaultMonitoringGranularity)), "not a fault monitoring granularity")
	}
	for _, c := range []struct {
		n pb.PropertyName
		v *uint32
	}{
		{pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS, p.InitialNumberMembers},
		{pb.PropertyName_PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS, p.MinimumNumberMembers},
	} {
		if c.v != nil && (*c.v < 1 || *c.v > MaxMembers) {
			return bad(c.n, strconv.Itoa(int(*c.v)), fmt.Sprintf("must be between 1 and %d", MaxMembers))
		}
	}
	for _, c := range []struct {
		n pb.PropertyName
		v *durationpb.Duration
	}{
		{pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_INTERVAL, p.FaultMonitoringInterval},
		{pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_TIMEOUT, p.FaultMonitoringTimeout},
		{pb.PropertyName_PROPERTY_NAME_CHECKPOINT_INTERVAL, p.CheckpointInterval},
	} {
		if c.v == nil {
			continue
		}
		if err := c.v.CheckValid(); err != nil {
			return bad(c.n, durText(c.v), "not a valid duration")
		}
		if c.v.AsDuration() <= 0 {
			return bad(c.n, durText(c.v), "must be greater than 0")
		}
	}
	if p.Factories != nil {
		seen := map[string]bool{}
		for _, l := range p.Factories.Locations {
			v := "[" + strings.Join(p.Factories.Locations, ",") + "]"
			if err := names.Valid(l); err != nil {
				return bad(pb.PropertyName_PROPERTY_NAME_FACTORIES, v, fmt.Sprintf("location %q: %v", l, err))
			}
			if seen[l] {
				return bad(pb.PropertyName_PROPERTY_NAME_FACTORIES, v, fmt.Sprintf("location %q listed twice", l))
			}
			seen[l] = true
		}
	}
	return nil
}

// validateResolved checks the rules between properties.
func validateResolved(r *Resolved, scope string) error {
	if r.MinimumNumberMembers > r.InitialNumberMembers {
		return &PropertyError{Name: "MinimumNumberMembers", Value: strconv.Itoa(r.MinimumNumberMembers), Scope: scope,
			Reason: fmt.Sprintf("greater than InitialNumberMembers=%d", r.InitialNumberMembers)}
	}
	if r.Factories != nil && r.InfrastructureControlled() && len(r.Factories) < r.MinimumNumberMembers {
		return &PropertyError{Name: "Factories", Value: "[" + strings.Join(r.Factories, ",") + "]", Scope: scope,
			Reason: fmt.Sprintf("%d locations cannot hold MinimumNumberMembers=%d members (one per location)", len(r.Factories), r.MinimumNumberMembers)}
	}
	active := r.ReplicationStyle == pb.ReplicationStyle_REPLICATION_STYLE_ACTIVE || r.ReplicationStyle == pb.ReplicationStyle_REPLICATION_STYLE_ACTIVE_WITH_VOTING
	if active && r.ConsistencyStyle == pb.ConsistencyStyle_CONSISTENCY_STYLE_APPLICATION_CONTROLLED {
		return &PropertyError{Name: "ConsistencyStyle", Value: "APPLICATION_CONTROLLED", Scope: scope, Unsupported: true,
			Reason: fmt.Sprintf("ReplicationStyle=%s needs INFRASTRUCTURE_CONTROLLED consistency", StyleString(r.ReplicationStyle))}
	}
	if r.ReplicationStyle == pb.ReplicationStyle_REPLICATION_STYLE_ACTIVE_WITH_VOTING && r.MinimumNumberMembers < 3 {
		return &PropertyError{Name: "ReplicationStyle", Value: "ACTIVE_WITH_VOTING", Scope: scope, Unsupported: true,
			Reason: fmt.Sprintf("voting needs at least 3 members (2t+1) and MinimumNumberMembers=%d", r.MinimumNumberMembers)}
	}
	return nil
}

// StyleString returns a replication style without its prefix: "STATELESS".
func StyleString(s pb.ReplicationStyle) string {
	return enumText(s.String(), "REPLICATION_STYLE_")
}

// SetProperty parses value as the property name and sets it in p: the CLI's and the test
// scripts' way to write properties. Styles take their short names in any case
// ("warm_passive", "INFRASTRUCTURE_CONTROLLED"), counts decimal numbers, intervals Go
// durations ("500ms"), Factories a comma-separated list ("" for an empty list).
func SetProperty(p *pb.Properties, name, value string) error {
	n, err := ParsePropertyName(name)
	if err != nil {
		return err
	}
	bad := func(why string) error {
		return &PropertyError{Name: PropertyNameString(n), Value: value, Reason: why}
	}
	enum := func(names map[string]int32, prefix string) (int32, error) {
		v, ok := names[prefix+strings.ToUpper(value)]
		if !ok || v == 0 {
			var known []string
			for k, v := range names {
				if v != 0 {
					known = append(known, strings.TrimPrefix(k, prefix))
				}
			}
			slices.Sort(known)
			return 0, bad("must be one of " + strings.Join(known, ", "))
		}
		return v, nil
	}
	switch n {
	case pb.PropertyName_PROPERTY_NAME_REPLICATION_STYLE:
		v, err := enum(pb.ReplicationStyle_value, "REPLICATION_STYLE_")
		p.ReplicationStyle = pb.ReplicationStyle(v)
		return err
	case pb.PropertyName_PROPERTY_NAME_MEMBERSHIP_STYLE:
		v, err := enum(pb.MembershipStyle_value, "MEMBERSHIP_STYLE_")
		p.MembershipStyle = pb.MembershipStyle(v)
		return err
	case pb.PropertyName_PROPERTY_NAME_CONSISTENCY_STYLE:
		v, err := enum(pb.ConsistencyStyle_value, "CONSISTENCY_STYLE_")
		p.ConsistencyStyle = pb.ConsistencyStyle(v)
		return err
	case pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_STYLE:
		v, err := enum(pb.FaultMonitoringStyle_value, "FAULT_MONITORING_STYLE_")
		p.FaultMonitoringStyle = pb.FaultMonitoringStyle(v)
		return err
	case pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_GRANULARITY:
		v, err := enum(pb.FaultMonitoringGranularity_value, "FAULT_MONITORING_GRANULARITY_")
		p.FaultMonitoringGranularity = pb.FaultMonitoringGranularity(v)
		return err
	case pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS, pb.PropertyName_PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS:
		v, err := strconv.ParseUint(value, 10, 32)
		if err != nil {
			return bad("not a number")
		}
		if n == pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS {
			p.InitialNumberMembers = proto.Uint32(uint32(v))
		} else {
			p.MinimumNumberMembers = proto.Uint32(uint32(v))
		}
	case pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_INTERVAL, pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_TIMEOUT, pb.PropertyName_PROPERTY_NAME_CHECKPOINT_INTERVAL:
		d, err := time.ParseDuration(value)
		if err != nil {
			return bad("not a duration (e.g. 500ms, 2s)")
		}
		switch n {
		case pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_INTERVAL:
			p.FaultMonitoringInterval = durationpb.New(d)
		case pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_TIMEOUT:
			p.FaultMonitoringTimeout = durationpb.New(d)
		default:
			p.CheckpointInterval = durationpb.New(d)
		}
	case pb.PropertyName_PROPERTY_NAME_FACTORIES:
		f := &pb.Factories{}
		if value != "" {
			f.Locations = strings.Split(value, ",")
		}
		p.Factories = f
	}
	return nil
}

// FormatProperties writes the properties set in p as "Name=value" in PropertyName order,
// space-separated: the inverse of SetProperty.
func FormatProperties(p *pb.Properties) string {
	var parts []string
	add := func(n pb.PropertyName, v string) { parts = append(parts, PropertyNameString(n)+"="+v) }
	if p.GetReplicationStyle() != 0 {
		add(pb.PropertyName_PROPERTY_NAME_REPLICATION_STYLE, StyleString(p.ReplicationStyle))
	}
	if p.GetMembershipStyle() != 0 {
		add(pb.PropertyName_PROPERTY_NAME_MEMBERSHIP_STYLE, enumText(p.MembershipStyle.String(), "MEMBERSHIP_STYLE_"))
	}
	if p.GetConsistencyStyle() != 0 {
		add(pb.PropertyName_PROPERTY_NAME_CONSISTENCY_STYLE, enumText(p.ConsistencyStyle.String(), "CONSISTENCY_STYLE_"))
	}
	if p.GetFaultMonitoringStyle() != 0 {
		add(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_STYLE, enumText(p.FaultMonitoringStyle.String(), "FAULT_MONITORING_STYLE_"))
	}
	if p.GetFaultMonitoringGranularity() != 0 {
		add(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_GRANULARITY, enumText(p.FaultMonitoringGranularity.String(), "FAULT_MONITORING_GRANULARITY_"))
	}
	if p.GetInitialNumberMembers() != 0 || (p != nil && p.InitialNumberMembers != nil) {
		add(pb.PropertyName_PROPERTY_NAME_INITIAL_NUMBER_MEMBERS, strconv.Itoa(int(p.GetInitialNumberMembers())))
	}
	if p != nil && p.MinimumNumberMembers != nil {
		add(pb.PropertyName_PROPERTY_NAME_MINIMUM_NUMBER_MEMBERS, strconv.Itoa(int(p.GetMinimumNumberMembers())))
	}
	if p.GetFaultMonitoringInterval() != nil {
		add(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_INTERVAL, durText(p.FaultMonitoringInterval))
	}
	if p.GetFaultMonitoringTimeout() != nil {
		add(pb.PropertyName_PROPERTY_NAME_FAULT_MONITORING_TIMEOUT, durText(p.FaultMonitoringTimeout))
	}
	if p.GetCheckpointInterval() != nil {
		add(pb.PropertyName_PROPERTY_NAME_CHECKPOINT_INTERVAL, durText(p.CheckpointInterval))
	}
	if p.GetFactories() != nil {
		add(pb.PropertyName_PROPERTY_NAME_FACTORIES, strings.Join(p.Factories.Locations, ","))
	}
	return strings.Join(parts, " ")
}
